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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files that katas create outside the build directory (sockets, shared-memory segments, scratch
 * directories) and their cleanup.
 *
 * <p>Every such file's name starts with {@link #PREFIX}; the name of one that belongs to one JVM is
 * {@code katas-<pid>-...}, so that {@link #sweepStale()} can remove what a JVM killed with {@code kill -9}
 * left behind, and the test extension {@code katas.testkit.process.ProcessHygiene} can find files a test
 * forgot to delete.
 *
 * <p>Concurrency: all methods are static, stateless and may be called from any thread and from several
 * processes at once; they block only for file-system calls.
 */
public final class KitFiles {

    /** The start of the name of every file or directory the katas create in a shared directory. */
    public static final String PREFIX = "katas-";

    private static final Pattern OWNED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})-.*");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Path SHM = Paths.get("/dev/shm");

    private KitFiles() {
    }

    /**
     * The shared directories where kata files live: {@code java.io.tmpdir} and, where it exists (Linux),
     * {@code /dev/shm}. A new, unmodifiable list.
     */
    public static List<Path> directories() {
        List<Path> directories = new ArrayList<>();
        directories.add(Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
        if (Files.isDirectory(SHM) && !directories.contains(SHM)) {
            directories.add(SHM);
        }
        return List.copyOf(directories);
    }

    /**
     * Creates a new directory only this user can use ({@code rwx------}, set explicitly whatever the umask),
     * named {@code katas-<pid of this JVM>-<random>}, in {@code java.io.tmpdir}. Sweeps stale kata directories
     * first ({@link #sweepStale()}). The caller deletes it ({@link #deleteRecursively}) when done.
     *
     * @return the new, empty directory
     * @throws UncheckedIOException if it cannot be created
     */
    public static Path createPrivateDirectory() {
        sweepStale();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        String prefix = PREFIX + ProcessHandle.current().pid() + "-";
        try {
            if (isPosix()) {
                Path directory = Files.createTempDirectory(tmp, prefix, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
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
     * Deletes the {@code katas-<pid>-*} files and directories in {@link #directories()} whose pid is no longer
     * a running process: what JVMs that were killed left behind. Entries it cannot delete (another user's)
     * are skipped.
     *
     * @return the paths it deleted
     */
    public static List<Path> sweepStale() {
        List<Path> deleted = new ArrayList<>();
        for (Path directory : directories()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PREFIX + "*")) {
                for (Path entry : entries) {
                    Matcher owned = OWNED.matcher(entry.getFileName().toString());
                    if (owned.matches() && ProcessHandle.of(Long.parseLong(owned.group(1))).isEmpty()) {
                        try {
                            deleteRecursively(entry);
                            deleted.add(entry);
                        } catch (UncheckedIOException notOurs) {
                            // Not ours to delete, or in use in a way we cannot change: leave it.
                        }
                    }
                }
            } catch (IOException | UncheckedIOException unreadable) {
                // A directory we cannot list has nothing of ours to sweep.
            }
        }
        return List.copyOf(deleted);
    }

    /**
     * The pid in a {@code katas-<pid>-...} name, or -1 if the name does not have that form.
     *
     * @throws NullPointerException if {@code fileName} is null
     */
    public static long ownerPid(String fileName) {
        Matcher owned = OWNED.matcher(Objects.requireNonNull(fileName, "fileName must not be null"));
        return owned.matches() ? Long.parseLong(owned.group(1)) : -1;
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
