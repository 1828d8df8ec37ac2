package katas.testkit.board;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints the board of every kata at the end of {@code ./mvnw test}, and fails the build until all are done.
 *
 * <p>Reads {@code katas/NN-name/target/kata-progress.properties}, which each kata's gate wrote in this build.
 * A kata whose progress file is missing, or older than its sources, did not run its tests in this build
 * (it did not compile, most likely): the board says so instead of showing old progress.
 *
 * <pre>  BoardMain &lt;repository root&gt;</pre>
 */
public final class BoardMain {

    private BoardMain() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<KataProgress> katas = new ArrayList<>();
        for (Path kataDir : kataDirectories(root.resolve("katas"))) {
            katas.add(progressOf(kataDir));
        }
        System.out.print(Board.render(katas));
        System.out.flush();
        long unfinished = katas.stream().filter(k -> !k.complete()).count();
        if (unfinished > 0) {
            throw new KataGate.KataNotFinished(unfinished + " of " + katas.size()
                    + " katas not finished yet; the board above shows the next step of each.");
        }
    }

    static List<Path> kataDirectories(Path katas) {
        try (Stream<Path> dirs = Files.list(katas)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the katas in " + katas, e);
        }
    }

    static KataProgress progressOf(Path kataDir) {
        String[] idTitle = KataProgress.idAndTitle(kataDir);
        String relative = "katas/" + kataDir.getFileName();
        Path file = kataDir.resolve("target/kata-progress.properties");
        if (!Files.exists(file)) {
            return KataProgress.unknown(idTitle[0], idTitle[1], relative,
                    "not run in this build (did it compile? see the errors above)");
        }
        try {
            FileTime written = Files.getLastModifiedTime(file);
            if (newestSource(kataDir.resolve("src")).compareTo(written) > 0) {
                return KataProgress.unknown(idTitle[0], idTitle[1], relative,
                        "not run since its sources changed (did it compile? see the errors above)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the time of " + file, e);
        }
        return KataProgress.load(file);
    }

    private static FileTime newestSource(Path src) throws IOException {
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(Files::isRegularFile).map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
        }
    }
}
