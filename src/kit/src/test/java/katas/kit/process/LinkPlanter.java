package katas.kit.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * The attacker of the link race (issue 16, defect 1): keeps a stale-looking kata tree in a shared directory and swaps
 * its subdirectories for symbolic links to a victim's directory, over and over, while someone sweeps. JDK only, so
 * {@link KitFilesLinkRaceTest} can run it as another user from a copy of this class file; also used in-process
 * ({@link #run}). Arguments: the tree, the victim directory, how many subdirectories, the file names to put in each
 * (comma-separated: the victim's own), how long in ms. Prints {@code rounds=N swaps=M}.
 */
public final class LinkPlanter {

    private LinkPlanter() {}

    public static void main(String[] args) throws IOException {
        long[] counts = run(
                Paths.get(args[0]),
                Paths.get(args[1]),
                Integer.parseInt(args[2]),
                args[3].split(","),
                Duration.ofMillis(Long.parseLong(args[4])),
                swaps -> false);
        System.out.println("rounds=" + counts[0] + " swaps=" + counts[1]);
    }

    /**
     * Plants and swaps until {@code time} has passed or {@code stop} says so. Returns {rounds, swaps}.
     *
     * @param stop polled every round
     */
    static long[] run(Path tree, Path victim, int directories, String[] names, Duration time, Stop stop) {
        Instant end = Instant.now().plus(time);
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        long rounds = 0;
        long swaps = 0;
        while (Instant.now().isBefore(end) && !stop.now(swaps)) {
            rounds++;
            try {
                if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(tree);
                    Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxrwxrwx"));
                }
            } catch (IOException | RuntimeException swept) {
                continue; // the sweeper is deleting it: plant it again
            }
            for (int i = 0; i < directories; i++) {
                Path d = tree.resolve("d" + i);
                Path real = tree.resolve("d" + i + ".real");
                try {
                    if (Files.isSymbolicLink(d)) {
                        Files.delete(d);
                    }
                    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(real, d);
                    }
                    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(d);
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
                        for (String name : names) {
                            Files.writeString(d.resolve(name), "planted");
                        }
                        Files.setLastModifiedTime(d, twoHoursAgo);
                    }
                    Files.move(d, real);
                    Files.createSymbolicLink(d, victim);
                    swaps++;
                    Files.setLastModifiedTime(tree, twoHoursAgo);
                } catch (IOException | RuntimeException swept) {
                    // The sweeper deleted part of the tree meanwhile: plant it again next round.
                }
            }
        }
        return new long[] {rounds, swaps};
    }

    /** Whether to stop now, given the swaps made so far. */
    interface Stop {
        boolean now(long swaps);
    }
}
