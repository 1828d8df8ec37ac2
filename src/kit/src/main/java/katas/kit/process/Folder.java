package katas.kit.process;

import java.io.Closeable;
import java.io.IOException;
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
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A directory as {@link SafeDelete} sees it: open as a {@link SecureDirectoryStream} (every operation relative to
 * it, links never followed) where the platform allows, else known by its path. Not thread-safe; {@link #names()}
 * once. Package-private: {@link KitFiles} is the kit's public face.
 */
abstract class Folder implements Closeable {
    /** How deep a delete goes before it gives up (each level holds a directory open). */
    private static final int MAX_DEPTH = 128;

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
        Consumer<Path> seam = SafeDelete.beforeDescent;
        if (seam != null) {
            seam.accept(directory);
        }
    }

    static boolean isPosix() {
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
    static final class Entry {
        final BasicFileAttributes basic;
        final UserPrincipal owner;
        final Set<PosixFilePermission> permissions;

        Entry(BasicFileAttributes basic, UserPrincipal owner, Set<PosixFilePermission> permissions) {
            this.basic = basic;
            this.owner = owner;
            this.permissions = permissions;
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
}
