package katas.kit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Deletes and walks directory trees without following links and without entering or deleting what this user does
 * not own ({@link KitFiles#deleteRecursively} and {@link KitFiles#sweepStale} say the rules). Package-private;
 * stateless but for the test seams.
 */
final class SafeDelete {

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

    private SafeDelete() {}

    /** {@link KitFiles#deleteRecursively}: {@code path} must have a parent and a name. */
    static void delete(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        Path name = absolute.getFileName();
        if (parent == null || name == null) {
            throw new IllegalArgumentException("deleteRecursively refuses a root directory: " + path);
        }
        UserPrincipal me = Me.user();
        try (Folder folder = Folder.open(parent, null)) {
            delete(folder, name, me, 0);
        }
    }

    /** This user, as the owner of the files it makes. */
    static UserPrincipal me() throws IOException {
        return Me.user();
    }

    /**
     * The latest modification time of {@code name} in {@code folder} and of everything in it (links not followed);
     * null when in doubt: something vanished, could not be read, or is not ours.
     */
    static Instant newestModification(Folder folder, Path name, Folder.Entry entry, UserPrincipal me) {
        try {
            FileTime newest = newest(folder, name, entry, me, 0);
            return newest == null ? null : newest.toInstant();
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private static FileTime newest(Folder folder, Path name, Folder.Entry entry, UserPrincipal me, int depth)
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
                Folder.Entry childEntry = directory.attributes(child);
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
    static void delete(Folder folder, Path name, UserPrincipal me, int depth) throws IOException {
        Path path = folder.path().resolve(name);
        Folder.Entry entry = folder.attributes(name);
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
                Folder.Entry now = folder.attributes(name);
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

    private static void requireOurs(Path path, Folder.Entry entry, UserPrincipal me) throws IOException {
        if (!me.equals(entry.owner)) {
            throw new AccessDeniedException(
                    path.toString(),
                    null,
                    "owned by " + entry.owner.getName() + ", not by this user (" + me.getName()
                            + "): left alone, never entered or deleted");
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
}
