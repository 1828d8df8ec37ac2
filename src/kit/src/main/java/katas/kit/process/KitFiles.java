package katas.kit.process;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
 *       {@code kill -9}; another run's entry only once no process of that run is left (after
 *       {@link #ORPHANED_AFTER}) or once it has been abandoned for {@link #ABANDONED_AFTER};</li>
 *   <li>the test extension {@code katas.testkit.process.ProcessHygiene} claims only new files of its own run.</li>
 * </ul>
 * Names without a pid, or without a run id (such as {@code katas-<pid>-4242}, the form before run ids), belong
 * to no run this class can recognise: nothing here deletes them while they are fresh.
 *
 * <p>The directories are shared with other users (on a classroom server, say). Nothing here deletes, or looks
 * into, a file or directory that this user does not own, and no delete follows a symbolic link: on Linux it works
 * relative to open directories ({@link #deleteRecursively}), so that another user who swaps a directory for a
 * link while a sweep runs cannot lead it anywhere else.
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
     * has touched for an hour was left behind, whoever still runs. (A run killed as a whole is swept much sooner:
     * {@link #ORPHANED_AFTER}. This rule is for entries without a run id, and for the runs that never end.)
     */
    public static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    /**
     * How long an entry of <em>another</em> run, whose owner is dead and of whose run no process is left, must have
     * gone unmodified (it and everything in it) before {@link #sweepStale()} deletes it: 10 seconds.
     *
     * <p>Once no process of a run is left, no one can use its files any more; {@link #sweepStale()} sees the
     * run's processes by the run id on their command lines (every child JVM of the kit carries it) and by the live
     * owners of the run's entries. The grace covers what it cannot see: the children of a killed JVM live on for
     * up to {@link ChildMain#POLL_MILLIS} ms (the watchdog's period) plus {@link ChildMain#HOOK_MILLIS} ms (its
     * cleanup hooks), longer on a busy machine; a process between its fork and its exec does not show its command
     * line yet; and a run's first JVM carries no run id on its command line, so a run whose first JVM is alive but
     * owns no entry at that moment looks gone (its own sweeps delete its dead JVMs' entries at once anyway). Ten
     * seconds is several times the longest of these. See docs/measurements.md, "Sweep: grace for a dead run".
     */
    public static final Duration ORPHANED_AFTER = Duration.ofSeconds(10);

    /**
     * How much later than an entry's last modification a process with the entry's pid may have started and still
     * be taken for its owner: the JDK computes a Linux process's start from the boot time in whole seconds.
     */
    private static final Duration START_SLACK = Duration.ofSeconds(2);

    /** How much of a command line is read for a run id ({@link ChildJvm} puts it before the class path). */
    private static final int COMMAND_LINE_BYTES = 16 * 1024;

    /** How deep a delete goes before it gives up (each level holds a directory open). */
    private static final int MAX_DEPTH = 128;

    /**
     * Test seam: called with a directory's path just before the delete (or the age walk) opens it to go into it;
     * null except in tests, which use it to swap the directory for a link at that very moment.
     */
    static volatile Consumer<Path> beforeDescent;

    /**
     * Test seam: called with a directory's path after the delete listed it and before it deletes what is in it;
     * null except in tests.
     */
    static volatile Consumer<Path> afterListing;

    private static final Pattern OWNED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})-.*");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern OF_A_RUN = Pattern.compile(Pattern.quote(PREFIX) + "\\d{1,18}-(" + RUN_ID + ")-.*");
    private static final Pattern RUN_ON_COMMAND_LINE =
            Pattern.compile(Pattern.quote("-D" + RUN_PROPERTY + "=") + "(" + RUN_ID + ")(?![0-9a-f])");
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
     * Deletes {@code path} and, if it is a directory, everything in it, never following a symbolic link: a link is
     * deleted itself, and what it points to is left alone. A path that does not exist (or vanishes meanwhile) is
     * fine.
     *
     * <p>Only what this user owns is deleted or entered: an entry of another user (say, one that another user put
     * into a directory of ours that others may write) is left where it is, and so is every directory above it;
     * the call then fails, naming it.
     *
     * <p>On Linux the delete works relative to open directories ({@link SecureDirectoryStream}): each directory is
     * opened without following links ({@link LinkOption#NOFOLLOW_LINKS}), checked to be the very directory whose
     * owner was checked, and its entries are deleted through it, so that swapping a directory for a symbolic link
     * while the delete runs cannot lead it out of the tree. (The path's parent directories are resolved as usual:
     * the guarantee starts at {@code path} itself.) Where the platform has no {@code SecureDirectoryStream}, the
     * delete goes by path, and can only check before and after listing a directory that it is still the directory
     * it checked: so there it refuses to enter a directory that group or others may write (whoever could swap
     * what is in it), and fails naming it.
     *
     * @throws NullPointerException if {@code path} is null
     * @throws IllegalArgumentException if {@code path} is a root directory
     * @throws UncheckedIOException if something could not be deleted, or is not this user's (left alone)
     */
    public static void deleteRecursively(Path path) {
        Objects.requireNonNull(path, "path to delete must not be null");
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        Path name = absolute.getFileName();
        if (parent == null || name == null) {
            throw new IllegalArgumentException("deleteRecursively refuses a root directory: " + path);
        }
        try {
            UserPrincipal me = Me.user();
            try (Folder folder = Folder.open(parent, null)) {
                delete(folder, name, me, 0);
            }
        } catch (NoSuchFileException vanished) {
            // It, or its parent, is gone already: the goal is reached.
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what killed JVMs left in {@link #directories()}: each {@code katas-<pid>-...} file or directory that
     * <em>this user owns</em> (anything else is never touched, not even looked into), whose owner is no longer
     * running, and that
     * <ul>
     *   <li>belongs to this run ({@link #isOurRun}): left by a JVM of this run that was killed; or</li>
     *   <li>belongs to another run of which no process is left, and neither it nor anything in it was modified for
     *       {@link #ORPHANED_AFTER}: left by a run that was killed as a whole (say, a test JVM killed with
     *       {@code kill -9} before it started a child); or</li>
     *   <li>belongs to another run, or has no run id, and neither it nor anything in it was modified for
     *       {@link #ABANDONED_AFTER}: abandoned.</li>
     * </ul>
     * The owner is the pid in the name; it counts as running while a process with that pid lives that started
     * before the entry was last modified (a process that started later only reuses the pid). A process of a run
     * is one whose command line carries the run's id ({@code -D}{@value #RUN_PROPERTY}{@code =<run>}, as every
     * child JVM of the kit has) or the living owner of an entry of that run. A fresh entry of another run is not
     * deleted while a process of that run lives: that run may still be using it, and will clean it up itself.
     * Nor is an entry whose name has no pid.
     *
     * <p>The delete is {@link #deleteRecursively}'s: no link is followed, nothing of another user's is entered or
     * deleted. An entry it cannot delete entirely is left (what it deleted of it is gone).
     *
     * @return the paths it deleted
     * @throws IllegalStateException if this JVM's run id is malformed ({@link #runId()})
     */
    public static List<Path> sweepStale() {
        String run = runId();
        UserPrincipal me;
        try {
            me = Me.user();
        } catch (IOException unknown) {
            return List.of(); // without knowing who we are, nothing is ours to delete
        }
        Instant now = Instant.now();
        List<Path> deleted = new ArrayList<>();
        List<Folder> folders = new ArrayList<>();
        try {
            List<Candidate> candidates = new ArrayList<>();
            Set<String> liveRuns = new HashSet<>();
            for (Path directory : directories()) {
                try {
                    Folder folder = Folder.open(directory, PREFIX + "*");
                    folders.add(folder);
                    for (Path name : folder.names()) {
                        long owner = ownerPid(name.toString());
                        if (owner < 0) {
                            continue; // not a name we can read
                        }
                        Entry entry = folder.attributes(name);
                        if (entry == null || !me.equals(entry.owner)) {
                            continue; // gone, or not ours: never touched
                        }
                        Optional<String> entryRun = runId(name.toString());
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
                    Instant newest = newestModification(candidate.folder, candidate.name, candidate.entry, me);
                    if (newest == null) {
                        continue; // in doubt: keep it
                    }
                    if (newest.isBefore(now.minus(ABANDONED_AFTER))) {
                        stale = true;
                    } else if (candidate.run != null
                            && newest.isBefore(now.minus(ORPHANED_AFTER))
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
                        delete(candidate.folder, candidate.name, me, 0);
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
    private static boolean ownerAlive(long owner, Entry entry) {
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

    /**
     * The latest modification time of {@code name} in {@code folder} and of everything in it (links not followed);
     * null when in doubt: something vanished, could not be read, or is not ours.
     */
    private static Instant newestModification(Folder folder, Path name, Entry entry, UserPrincipal me) {
        try {
            FileTime newest = newest(folder, name, entry, me, 0);
            return newest == null ? null : newest.toInstant();
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private static FileTime newest(Folder folder, Path name, Entry entry, UserPrincipal me, int depth)
            throws IOException {
        if (!me.equals(entry.owner)) {
            return null;
        }
        FileTime newest = entry.basic.lastModifiedTime();
        if (!entry.basic.isDirectory()) {
            return newest;
        }
        try (Folder directory = folder.open(name, entry, depth)) {
            if (directory == null) {
                return null; // no longer the directory we looked at
            }
            for (Path child : directory.names()) {
                Entry childEntry = directory.attributes(child);
                if (childEntry == null) {
                    return null;
                }
                FileTime time = newest(directory, child, childEntry, me, depth + 1);
                if (time == null) {
                    return null;
                }
                if (time.compareTo(newest) > 0) {
                    newest = time;
                }
            }
        }
        return newest;
    }

    /**
     * Deletes {@code name} in {@code folder} and, if it is a directory, what is in it: links not followed, nothing
     * deleted or entered that {@code me} does not own.
     */
    private static void delete(Folder folder, Path name, UserPrincipal me, int depth) throws IOException {
        Path path = folder.path().resolve(name);
        Entry entry = folder.attributes(name);
        if (entry == null) {
            return; // gone already
        }
        requireOurs(path, entry, me);
        if (!entry.basic.isDirectory()) {
            folder.deleteFile(name); // a file, a socket or a link: removed itself, never followed
            return;
        }
        Folder opened;
        try {
            opened = folder.open(name, entry, depth);
        } catch (NoSuchFileException gone) {
            return;
        }
        try (Folder directory = opened) {
            if (directory == null) {
                // Swapped for a link or a file since we looked: delete that (if ours), never what it points to.
                Entry now = folder.attributes(name);
                if (now == null) {
                    return;
                }
                requireOurs(path, now, me);
                if (now.basic.isDirectory()) {
                    throw new IOException(path + " keeps changing between a directory and something else: left alone");
                }
                folder.deleteFile(name);
                return;
            }
            IOException failure = null;
            List<Path> children = directory.names();
            Consumer<Path> seam = afterListing;
            if (seam != null) {
                seam.accept(path);
            }
            for (Path child : children) {
                try {
                    delete(directory, child, me, depth + 1);
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        folder.deleteDirectory(name);
    }

    private static void requireOurs(Path path, Entry entry, UserPrincipal me) throws IOException {
        if (!me.equals(entry.owner)) {
            throw new AccessDeniedException(
                    path.toString(),
                    null,
                    "owned by " + entry.owner.getName() + ", not by this user (" + me.getName()
                            + "): left alone, never entered or deleted");
        }
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

    private static void checkDepth(int depth, Path directory) throws IOException {
        if (depth >= MAX_DEPTH) {
            throw new IOException(directory + " is more than " + MAX_DEPTH + " directories deep: left alone");
        }
    }

    private static List<Path> namesOf(DirectoryStream<Path> stream) throws IOException {
        List<Path> names = new ArrayList<>();
        try {
            for (Path entry : stream) {
                names.add(entry.getFileName());
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return names;
    }

    /** An entry's attributes, read without following a link: what it is, its owner, its permissions (or null). */
    private static final class Entry {
        final BasicFileAttributes basic;
        final UserPrincipal owner;
        final Set<PosixFilePermission> permissions;

        Entry(BasicFileAttributes basic, UserPrincipal owner, Set<PosixFilePermission> permissions) {
            this.basic = basic;
            this.owner = owner;
            this.permissions = permissions;
        }
    }

    /** An entry of ours whose owner is not running: {@link #sweepStale()} decides whether it is stale. */
    private static final class Candidate {
        final Folder folder;
        final Path name;
        final Entry entry;
        final String run;

        Candidate(Folder folder, Path name, Entry entry, String run) {
            this.folder = folder;
            this.name = name;
            this.entry = entry;
            this.run = run;
        }
    }

    /**
     * A directory as the delete and the age walk see it: open ({@link SecureDirectoryStream}: every operation
     * relative to it, links never followed) where the platform allows, else known by its path. Not thread-safe;
     * {@link #names()} once.
     */
    private abstract static class Folder implements Closeable {
        private final Path path;

        Folder(Path path) {
            this.path = path;
        }

        /** Opens {@code directory}; with a {@code glob}, only the entries whose names match are listed. */
        static Folder open(Path directory, String glob) throws IOException {
            DirectoryStream<Path> stream =
                    glob == null ? Files.newDirectoryStream(directory) : Files.newDirectoryStream(directory, glob);
            if (stream instanceof SecureDirectoryStream) {
                return new Secure(directory, (SecureDirectoryStream<Path>) stream);
            }
            try (stream) {
                return new ByPath(directory, namesOf(stream));
            }
        }

        final Path path() {
            return path;
        }

        /** The names of the entries (relative paths of one element). */
        abstract List<Path> names() throws IOException;

        /** {@code name}'s attributes, links not followed; null if it is gone. */
        abstract Entry attributes(Path name) throws IOException;

        /**
         * Opens the directory {@code name} without following a link, and makes sure it is the one {@code expected}
         * describes; null if it is no longer a directory (say, a link now).
         */
        abstract Folder open(Path name, Entry expected, int depth) throws IOException;

        /** Deletes a file, socket or link (never what a link points to); gone already is fine. */
        abstract void deleteFile(Path name) throws IOException;

        /** Deletes an empty directory; gone already is fine. */
        abstract void deleteDirectory(Path name) throws IOException;

        final void closeQuietly() {
            try {
                close();
            } catch (IOException ignored) {
                // Nothing was written.
            }
        }

        final void beforeDescent(Path directory) {
            Consumer<Path> seam = beforeDescent;
            if (seam != null) {
                seam.accept(directory);
            }
        }
    }

    /** A directory open as a {@link SecureDirectoryStream} (Linux). */
    private static final class Secure extends Folder {
        private final SecureDirectoryStream<Path> stream;

        Secure(Path path, SecureDirectoryStream<Path> stream) {
            super(path);
            this.stream = stream;
        }

        @Override
        List<Path> names() throws IOException {
            return namesOf(stream);
        }

        @Override
        Entry attributes(Path name) throws IOException {
            try {
                PosixFileAttributes attributes = stream.getFileAttributeView(
                                name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
                return new Entry(attributes, attributes.owner(), attributes.permissions());
            } catch (NoSuchFileException gone) {
                return null;
            }
        }

        @Override
        Folder open(Path name, Entry expected, int depth) throws IOException {
            Path directory = path().resolve(name);
            checkDepth(depth, directory);
            beforeDescent(directory);
            SecureDirectoryStream<Path> opened;
            try {
                opened = stream.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException | AccessDeniedException e) {
                throw e;
            } catch (FileSystemException notADirectoryNow) {
                return null; // a link (ELOOP) or a file (ENOTDIR) now: never followed
            }
            Secure folder = new Secure(directory, opened);
            try {
                Object key = opened.getFileAttributeView(BasicFileAttributeView.class)
                        .readAttributes()
                        .fileKey();
                if (!Objects.equals(key, expected.basic.fileKey())) {
                    throw new IOException(directory + " was replaced by another directory while it was being"
                            + " looked at: left alone");
                }
                return folder;
            } catch (IOException | RuntimeException e) {
                folder.closeQuietly();
                throw e;
            }
        }

        @Override
        void deleteFile(Path name) throws IOException {
            try {
                stream.deleteFile(name);
            } catch (NoSuchFileException gone) {
                // The goal is reached.
            }
        }

        @Override
        void deleteDirectory(Path name) throws IOException {
            try {
                stream.deleteDirectory(name);
            } catch (NoSuchFileException gone) {
                // The goal is reached.
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /**
     * A directory known by its path, where the platform has no {@link SecureDirectoryStream}: it refuses to enter a
     * directory that group or others may write, and checks before and after listing one that it is still the
     * directory it checked (the rest of the window cannot be closed by path).
     */
    private static final class ByPath extends Folder {
        private final List<Path> names;

        ByPath(Path path, List<Path> names) {
            super(path);
            this.names = List.copyOf(names);
        }

        @Override
        List<Path> names() {
            return names;
        }

        @Override
        Entry attributes(Path name) throws IOException {
            Path file = path().resolve(name);
            try {
                if (isPosix()) {
                    PosixFileAttributes attributes =
                            Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    return new Entry(attributes, attributes.owner(), attributes.permissions());
                }
                BasicFileAttributes attributes =
                        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new Entry(attributes, Files.getOwner(file, LinkOption.NOFOLLOW_LINKS), null);
            } catch (NoSuchFileException gone) {
                return null;
            }
        }

        @Override
        Folder open(Path name, Entry expected, int depth) throws IOException {
            Path directory = path().resolve(name);
            checkDepth(depth, directory);
            Set<PosixFilePermission> mode = expected.permissions;
            if (mode != null
                    && (mode.contains(PosixFilePermission.GROUP_WRITE)
                            || mode.contains(PosixFilePermission.OTHERS_WRITE))) {
                throw new AccessDeniedException(
                        directory.toString(),
                        null,
                        "group or others may write it ("
                                + PosixFilePermissions.toString(mode) + "), and without SecureDirectoryStream what is"
                                + " listed in it could be swapped before it is deleted: left alone");
            }
            beforeDescent(directory);
            List<Path> listed;
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
                listed = namesOf(stream);
            } catch (NotDirectoryException notADirectoryNow) {
                return null;
            }
            Entry now = attributes(name);
            if (now == null) {
                throw new NoSuchFileException(directory.toString());
            }
            if (!now.basic.isDirectory()) {
                return null; // a link now: what was listed through it is not deleted
            }
            if (!Objects.equals(now.basic.fileKey(), expected.basic.fileKey())) {
                throw new IOException(
                        directory + " was replaced by another directory while it was being looked at:" + " left alone");
            }
            return new ByPath(directory, listed);
        }

        @Override
        void deleteFile(Path name) throws IOException {
            Files.deleteIfExists(path().resolve(name));
        }

        @Override
        void deleteDirectory(Path name) throws IOException {
            Files.deleteIfExists(path().resolve(name));
        }

        @Override
        public void close() {
            // Nothing is held open.
        }
    }

    /** This user, as the owner of the files it makes; found once. */
    private static final class Me {
        private static volatile UserPrincipal user;

        static UserPrincipal user() throws IOException {
            UserPrincipal known = user;
            if (known == null) {
                known = find();
                user = known;
            }
            return known;
        }

        /** On Linux the owner of {@code /proc/self} (this process's effective user); else by {@code user.name}. */
        private static UserPrincipal find() throws IOException {
            Path self = Paths.get("/proc/self");
            if (Files.isDirectory(self)) {
                try {
                    return Files.getOwner(self);
                } catch (IOException | UnsupportedOperationException | SecurityException noProc) {
                    // Ask by name below.
                }
            }
            try {
                return FileSystems.getDefault()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByName(System.getProperty("user.name"));
            } catch (UnsupportedOperationException e) {
                throw new IOException("cannot tell which files are this user's: " + e, e);
            }
        }
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
