package katas.kit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files that katas create in shared directories (sockets, segments, scratch directories), and their cleanup. Every
 * name is {@code katas-<pid>-<run>-<label>}: the JVM that made it and its run ({@link #runId()}). {@link #sweepStale()}
 * removes what this run's killed JVMs left, and another run's entries only once that run is gone
 * ({@link #ORPHANED_AFTER}) or abandoned ({@link #ABANDONED_AFTER}); nothing of another user's is entered or deleted,
 * and no delete follows a symbolic link. Thread-safe, across processes too; methods block only on files.
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

    private static final Pattern OWNED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})-.*");
    static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}");
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
            if (Folder.isPosix()) {
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
        try {
            SafeDelete.delete(path);
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
        return StaleSweep.sweep(runId());
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

    /** This JVM's run id, as inherited; read once. */
    private static final class Run {
        static final String INHERITED = System.getProperty(RUN_PROPERTY);

        /** A new run's id: made only in a JVM without an inherited one (so children never pay for SecureRandom). */
        private static final class Fresh {
            static final String ID = String.format("%08x", new SecureRandom().nextInt());
        }
    }
}
