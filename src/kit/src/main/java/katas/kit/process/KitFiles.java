package katas.kit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files that katas create outside the build directory (sockets, shared-memory segments, scratch
 * directories) and their cleanup.
 *
 * <p>Every such file's name starts with {@link #PREFIX}. The name of one that belongs to one JVM is
 * {@code katas-<pid>-<run>-...}: the pid of the JVM that made it, then the id of the <em>run</em> that JVM belongs
 * to ({@link #runId()}). A run is one JVM that was not started by the kit (a test JVM, a {@code java} command)
 * together with every child JVM that {@link ChildJvm} starts from it, and their children in turn: they all share
 * the root's run id. Two test runs on one machine (two builds, two terminals, two clones, parallel CI jobs)
 * are two runs, and never touch each other's files:
 * <ul>
 *   <li>{@link #sweepStale()} removes what a JVM of <em>this</em> run left behind when it was killed with
 *       {@code kill -9}; another run's entry only once it has been abandoned for
 *       {@link #ABANDONED_AFTER};</li>
 *   <li>the test extension {@code katas.testkit.process.ProcessHygiene} claims only new files of its own run.</li>
 * </ul>
 * Names without a pid, or without a run id (such as {@code katas-<pid>-4242}, the form before run ids), belong
 * to no run this class can recognise: nothing here deletes them while they are fresh.
 *
 * <p>Concurrency: all methods are static and may be called from any thread and from several processes at
 * once; the only state is this JVM's run id, fixed the first time it is needed. They block only for
 * file-system calls.
 */
public final class KitFiles {

    /** The start of the name of every file or directory the katas create in a shared directory. */
    public static final String PREFIX = "katas-";

    /**
     * The system property that holds the run id ({@link #runId()}). {@link ChildJvm} sets it for every child
     * JVM, so children and grandchildren join their root's run. A JVM started with it joins that run; one
     * without it starts a run of its own. Giving two unrelated JVMs the same id makes them one run, whose
     * hygiene checks then blame each other: leave this to the kit.
     */
    public static final String RUN_PROPERTY = "katas.kit.run";

    /**
     * How long an entry of <em>another</em> run, whose owner pid is dead, must have gone unmodified (it and
     * everything in it) before {@link #sweepStale()} takes it as abandoned and deletes it: one hour.
     *
     * <p>Why so long: while another run is going on, its entry may outlive the JVM that made it for a while
     * and still be in use (the workers of a killed parent use and then delete its socket directory, a segment
     * stays mapped by another process of that run), and that run cleans up its own dead JVMs' entries within
     * seconds (the children's watchdogs, the next {@link #createPrivateDirectory()} of that run). No kata test
     * runs anywhere near an hour (each is bounded by a timeout of minutes). An entry of a dead owner that no one
     * has touched for an hour was left by a run that was killed as a whole, and no one else will remove it.
     */
    public static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private static final Pattern OWNED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})-.*");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern OF_A_RUN = Pattern.compile(Pattern.quote(PREFIX) + "\\d{1,18}-(" + RUN_ID + ")-.*");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Path SHM = Paths.get("/dev/shm");

    private KitFiles() {}

    /**
     * The shared directories where kata files live: {@code java.io.tmpdir} and, where it exists (Linux),
     * {@code /dev/shm}. A new, unmodifiable list.
     */
    public static List<Path> directories() {
        List<Path> directories = new ArrayList<>();
        directories.add(
                Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
        if (Files.isDirectory(SHM) && !directories.contains(SHM)) {
            directories.add(SHM);
        }
        return List.copyOf(directories);
    }

    /**
     * The id of the run this JVM belongs to: 8 lowercase hexadecimal digits. Inherited from
     * {@link #RUN_PROPERTY} when this JVM was started by {@link ChildJvm}; else made up at random (once) for a
     * new run.
     *
     * @throws IllegalStateException if {@link #RUN_PROPERTY} is set but is not 8 lowercase hex digits
     */
    public static String runId() {
        String inherited = Run.INHERITED;
        if (inherited == null) {
            return Run.Fresh.ID;
        }
        if (!RUN_ID.matcher(inherited).matches()) {
            throw new IllegalStateException("system property " + RUN_PROPERTY + "='" + inherited + "' is not a run"
                    + " id (8 lowercase hex digits, e.g. 0c3f9a21): the kit sets it for the child JVMs it starts;"
                    + " remove it from the command line");
        }
        return inherited;
    }

    /**
     * A name for a kata file or directory of this JVM in a shared directory: {@code katas-<pid>-<run>-<label>}.
     * Files with such names are what {@link #sweepStale()} cleans up after this run's killed JVMs and what the
     * hygiene check holds a test responsible for.
     *
     * @param label what the file is, unique among this JVM's files, such as {@code counter-segment}: letters,
     *        digits, {@code .}, {@code _} and {@code -}, at most 100 characters
     * @return the file name (not a path)
     * @throws NullPointerException if {@code label} is null
     * @throws IllegalArgumentException if {@code label} is empty, too long or has another character (such as
     *         {@code /}, which would escape the directory)
     */
    public static String fileName(String label) {
        Objects.requireNonNull(label, "the label of a kata file name must not be null");
        if (!label.matches("[A-Za-z0-9._-]{1,100}") || label.matches("\\.+")) {
            throw new IllegalArgumentException("a kata file label must be 1 to 100 letters, digits, '.', '_' or '-'"
                    + " (and not only dots), got '" + label + "'");
        }
        return PREFIX + ProcessHandle.current().pid() + "-" + runId() + "-" + label;
    }

    /**
     * Creates a new directory only this user can use ({@code rwx------}, set explicitly whatever the umask),
     * named {@code katas-<pid of this JVM>-<run id>-<random>}, in {@code java.io.tmpdir}. Sweeps stale kata
     * directories first ({@link #sweepStale()}). The caller deletes it ({@link #deleteRecursively}) when done.
     *
     * @return the new, empty directory
     * @throws UncheckedIOException if it cannot be created
     * @throws IllegalStateException if this JVM's run id is malformed ({@link #runId()})
     */
    public static Path createPrivateDirectory() {
        sweepStale();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        String prefix = PREFIX + ProcessHandle.current().pid() + "-" + runId() + "-";
        try {
            if (isPosix()) {
                Path directory =
                        Files.createTempDirectory(tmp, prefix, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.setPosixFilePermissions(directory, OWNER_ONLY);
                return directory;
            }
            return Files.createTempDirectory(tmp, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a private directory in " + tmp + ": " + e, e);
        }
    }

    /**
     * Deletes {@code path} and, if it is a directory, everything in it. Symbolic links are deleted, never
     * followed. A path that does not exist (or vanishes meanwhile) is fine.
     *
     * @throws NullPointerException if {@code path} is null
     * @throws UncheckedIOException if something could not be deleted
     */
    public static void deleteRecursively(Path path) {
        Objects.requireNonNull(path, "path to delete must not be null");
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException vanished) {
            // Someone else deleted it first: the goal is reached.
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path + ": " + e, e);
        }
    }

    /**
     * Deletes what killed JVMs left in {@link #directories()}: each {@code katas-<pid>-...} file or directory
     * whose pid is no longer a running process and that
     * <ul>
     *   <li>belongs to this run ({@link #isOurRun}): left by a JVM of this run that was killed, or</li>
     *   <li>belongs to another run, or has no run id, and neither it nor anything in it was modified for
     *       {@link #ABANDONED_AFTER}: abandoned.</li>
     * </ul>
     * A fresh entry of another run is never deleted, even when its owner is dead: that run may still be using
     * it, and will clean it up itself. Nor is an entry whose name has no pid. Entries it cannot delete (another
     * user's) are skipped.
     *
     * @return the paths it deleted
     * @throws IllegalStateException if this JVM's run id is malformed ({@link #runId()})
     */
    public static List<Path> sweepStale() {
        List<Path> deleted = new ArrayList<>();
        String run = runId();
        FileTime abandonedBefore = FileTime.from(Instant.now().minus(ABANDONED_AFTER));
        for (Path directory : directories()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PREFIX + "*")) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    long owner = ownerPid(name);
                    if (owner < 0 || ProcessHandle.of(owner).isPresent()) {
                        continue; // not a name we can read, or its owner is alive
                    }
                    boolean ours = runId(name).filter(run::equals).isPresent();
                    if (!ours && !unmodifiedSince(entry, abandonedBefore)) {
                        continue; // another run's, and maybe still in use there
                    }
                    try {
                        deleteRecursively(entry);
                        deleted.add(entry);
                    } catch (UncheckedIOException notOurs) {
                        // Not ours to delete, or in use in a way we cannot change: leave it.
                    }
                }
            } catch (IOException | UncheckedIOException unreadable) {
                // A directory we cannot list has nothing of ours to sweep.
            }
        }
        return List.copyOf(deleted);
    }

    /**
     * Whether {@code entry} and everything in it (symbolic links not followed) was last modified before
     * {@code limit}. False when in doubt: something vanished or could not be read meanwhile.
     */
    private static boolean unmodifiedSince(Path entry, FileTime limit) {
        boolean[] old = {true};
        try {
            Files.walkFileTree(entry, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    return check(attributes);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    return check(attributes);
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    old[0] = false;
                    return FileVisitResult.TERMINATE;
                }

                private FileVisitResult check(BasicFileAttributes attributes) {
                    if (attributes.lastModifiedTime().compareTo(limit) >= 0) {
                        old[0] = false;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
        return old[0];
    }

    /**
     * The pid in a {@code katas-<pid>-...} name (with or without a run id), or -1 if the name does not have that
     * form.
     *
     * @throws NullPointerException if {@code fileName} is null
     */
    public static long ownerPid(String fileName) {
        Matcher owned = OWNED.matcher(Objects.requireNonNull(fileName, "fileName must not be null"));
        return owned.matches() ? Long.parseLong(owned.group(1)) : -1;
    }

    /**
     * The run id in a {@code katas-<pid>-<run>-...} name ({@code <run>}: 8 lowercase hex digits), or empty if the
     * name does not have that form (such as {@code katas-<pid>-4242} or {@code katas-segment}).
     *
     * @throws NullPointerException if {@code fileName} is null
     */
    public static Optional<String> runId(String fileName) {
        Matcher ofARun = OF_A_RUN.matcher(Objects.requireNonNull(fileName, "fileName must not be null"));
        return ofARun.matches() ? Optional.of(ofARun.group(1)) : Optional.empty();
    }

    /**
     * Whether {@code fileName} is {@code katas-<pid>-<run>-...} with this JVM's run id ({@link #runId()}): a file
     * that this JVM, its parent or another JVM of the same run made.
     *
     * @throws NullPointerException if {@code fileName} is null
     * @throws IllegalStateException if this JVM's run id is malformed ({@link #runId()})
     */
    public static boolean isOurRun(String fileName) {
        return runId(fileName).filter(runId()::equals).isPresent();
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** This JVM's run id, as inherited; read once. */
    private static final class Run {
        static final String INHERITED = System.getProperty(RUN_PROPERTY);

        /** A new run's id: made only in a JVM without an inherited one (so children never pay for SecureRandom). */
        private static final class Fresh {
            static final String ID = String.format("%08x", new SecureRandom().nextInt());
        }
    }
}
