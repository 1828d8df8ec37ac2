package katas.kit.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link KitFiles#sweepStale}: finds this user's kata entries whose owner is dead, decides which are stale, and
 * deletes those through {@link SafeDelete}. Package-private; stateless.
 */
final class StaleSweep {

    /**
     * How much later than an entry's last modification a process with the entry's pid may have started and still
     * be taken for its owner: the JDK computes a Linux process's start from the boot time in whole seconds.
     */
    private static final Duration START_SLACK = Duration.ofSeconds(2);

    /** How much of a command line is read for a run id ({@link ChildJvm} puts it before the class path). */
    private static final int COMMAND_LINE_BYTES = 16 * 1024;

    private static final Pattern RUN_ON_COMMAND_LINE = Pattern.compile(
            Pattern.quote("-D" + KitFiles.RUN_PROPERTY + "=") + "(" + KitFiles.RUN_ID + ")(?![0-9a-f])");

    private StaleSweep() {}

    /** {@link KitFiles#sweepStale()} for the run {@code run} (this JVM's). */
    static List<Path> sweep(String run) {
        UserPrincipal me;
        try {
            me = SafeDelete.me();
        } catch (IOException unknown) {
            return List.of(); // without knowing who we are, nothing is ours to delete
        }
        Instant now = Instant.now();
        List<Path> deleted = new ArrayList<>();
        List<Folder> folders = new ArrayList<>();
        try {
            List<Candidate> candidates = new ArrayList<>();
            Set<String> liveRuns = new HashSet<>();
            for (Path directory : KitFiles.directories()) {
                try {
                    Folder folder = Folder.open(directory, KitFiles.PREFIX + "*");
                    folders.add(folder);
                    for (Path name : folder.names()) {
                        long owner = KitFiles.ownerPid(name.toString());
                        if (owner < 0) {
                            continue; // not a name we can read
                        }
                        Folder.Entry entry = folder.attributes(name);
                        if (entry == null || !me.equals(entry.owner)) {
                            continue; // gone, or not ours: never touched
                        }
                        Optional<String> entryRun = KitFiles.runId(name.toString());
                        if (ownerAlive(owner, entry)) {
                            entryRun.ifPresent(liveRuns::add);
                        } else {
                            candidates.add(new Candidate(folder, name, entry, entryRun.orElse(null)));
                        }
                    }
                } catch (IOException | UncheckedIOException unreadable) {
                    // A directory we cannot list has nothing of ours to sweep.
                }
            }
            Set<String> runsOnCommandLines = null;
            for (Candidate candidate : candidates) {
                boolean stale;
                if (run.equals(candidate.run)) {
                    stale = true; // a dead JVM of this run: no one else of this run uses it
                } else {
                    Instant newest =
                            SafeDelete.newestModification(candidate.folder, candidate.name, candidate.entry, me);
                    if (newest == null) {
                        continue; // in doubt: keep it
                    }
                    if (newest.isBefore(now.minus(KitFiles.ABANDONED_AFTER))) {
                        stale = true;
                    } else if (candidate.run != null
                            && newest.isBefore(now.minus(KitFiles.ORPHANED_AFTER))
                            && !liveRuns.contains(candidate.run)) {
                        if (runsOnCommandLines == null) {
                            runsOnCommandLines = runsOnCommandLines();
                        }
                        stale = !runsOnCommandLines.contains(candidate.run);
                    } else {
                        stale = false;
                    }
                }
                if (stale) {
                    try {
                        SafeDelete.delete(candidate.folder, candidate.name, me, 0);
                        deleted.add(candidate.folder.path().resolve(candidate.name));
                    } catch (IOException | UncheckedIOException notAllOurs) {
                        // Not all ours, or changing under us: leave the rest of it.
                    }
                }
            }
        } finally {
            for (Folder folder : folders) {
                folder.closeQuietly();
            }
        }
        return List.copyOf(deleted);
    }

    /**
     * Whether the process with pid {@code owner} runs and may have made {@code entry}: it started no later than
     * the entry's last modification (give or take {@link #START_SLACK}). When its start is unknown, it counts as
     * the owner.
     */
    private static boolean ownerAlive(long owner, Folder.Entry entry) {
        Optional<ProcessHandle> process = ProcessHandle.of(owner);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        FileTime created = entry.basic.creationTime();
        FileTime modified = entry.basic.lastModifiedTime();
        Instant made = (created.compareTo(modified) < 0 ? created : modified).toInstant();
        Optional<Instant> started = process.get().info().startInstant();
        return started.isEmpty() || !started.get().isAfter(made.plus(START_SLACK));
    }

    /**
     * The run ids on the command lines of the processes running now ({@code -Dkatas.kit.run=<run>}). On Linux read
     * from {@code /proc/<pid>/cmdline} (its first {@value #COMMAND_LINE_BYTES} bytes, where {@link ChildJvm} puts
     * the run id); elsewhere from {@link ProcessHandle.Info#commandLine()}.
     */
    private static Set<String> runsOnCommandLines() {
        Set<String> runs = new HashSet<>();
        ProcessHandle.allProcesses().forEach(process -> {
            String line = commandLine(process);
            Matcher found = RUN_ON_COMMAND_LINE.matcher(line);
            while (found.find()) {
                runs.add(found.group(1));
            }
        });
        return runs;
    }

    private static String commandLine(ProcessHandle process) {
        Path proc = Paths.get("/proc", Long.toString(process.pid()), "cmdline");
        try (InputStream in = Files.newInputStream(proc)) {
            byte[] bytes = in.readNBytes(COMMAND_LINE_BYTES);
            return new String(bytes, StandardCharsets.ISO_8859_1).replace('\0', ' ');
        } catch (IOException | UnsupportedOperationException noProc) {
            return process.info().commandLine().orElse("");
        }
    }

    /** An entry of ours whose owner is not running: {@link #sweep} decides whether it is stale. */
    private static final class Candidate {
        final Folder folder;
        final Path name;
        final Folder.Entry entry;
        final String run;

        Candidate(Folder folder, Path name, Folder.Entry entry, String run) {
            this.folder = folder;
            this.name = name;
            this.entry = entry;
            this.run = run;
        }
    }
}
