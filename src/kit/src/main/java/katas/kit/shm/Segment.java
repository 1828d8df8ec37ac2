package katas.kit.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import katas.kit.process.KitFiles;

/**
 * A named block of memory that several processes share, like Python's {@code SharedMemory}: a real file in
 * {@code /dev/shm} (the temporary directory elsewhere) that each process maps. The creator {@link #create}s it and
 * gives {@link #name()} to the others, who {@link #open} it; every process {@link #close()}s its own use, and the
 * creator {@link #unlink()}s it once all are done. Files are owner-only and never overwritten, names cannot escape the
 * directory, and {@code open} checks the header before it trusts the file. The data's meaning is yours: the bytes of
 * {@link #buffer()} are shared with no synchronisation at all, that is the point. Thread-safe. Given code.
 */
public final class Segment implements AutoCloseable {

    /**
     * The largest data size, in bytes: 16 MiB. A kata segment holds a few counters, a race proof a few thousand. A size
     * must be positive, a multiple of 8, and at most this.
     */
    public static final long MAX_SIZE = 16L * 1024 * 1024;

    /** The longest label, in characters. */
    public static final int MAX_LABEL_LENGTH = 64;

    /** The header before the data, in bytes: magic, layout version, header size, data size, run id, creator pid. */
    public static final int HEADER_BYTES = 64;

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Path SHM = Paths.get("/dev/shm");
    /** The segments open in this JVM, one entry per open {@code Segment} object. Guarded by itself. */
    private static final List<Segment> OPEN = new ArrayList<>();

    private final String name;
    private final Path path;
    private final long size;
    private final boolean creator;
    private final FileChannel channel;
    private final ByteBuffer data;
    private volatile boolean closed;

    private Segment(String name, Path path, long size, boolean creator, FileChannel channel, MappedByteBuffer mapped) {
        this.name = name;
        this.path = path;
        this.size = size;
        this.creator = creator;
        this.channel = channel;
        this.data = mapped.slice(HEADER_BYTES, (int) size).order(ByteOrder.nativeOrder());
    }

    /**
     * Creates a new segment of {@code size} bytes of data, all zero, and maps it. Its name is
     * {@code katas-<this pid>-<run id>-shm-<label>}: give {@link #name()} to the processes that should
     * {@link #open} it. Sweeps what killed JVMs of this run left first ({@link KitFiles#sweepStale()}).
     *
     * @param label what the segment is for, such as {@code counter}: 1 to {@value #MAX_LABEL_LENGTH} letters,
     *              digits, {@code .}, {@code _} or {@code -}, not starting with {@code .}, with no {@code ..}
     * @param size  the data size in bytes: positive, a multiple of 8, at most {@value #MAX_SIZE}
     * @return the new segment, open and mapped; close it, and unlink it when every process is done with it
     * @throws NullPointerException if {@code label} is null
     * @throws IllegalArgumentException if the label or the size is not allowed (the message says why)
     * @throws SegmentException if a segment of that name exists already (it is left alone, never overwritten)
     * @throws IOException if the file cannot be created or mapped
     */
    public static Segment create(String label, long size) throws IOException {
        SegmentNames.checkLabel(label);
        SegmentNames.checkSize(size);
        KitFiles.sweepStale();
        Path directory = directory();
        String name = KitFiles.fileName(SegmentNames.INFIX + label);
        Path path = directory.resolve(name);
        boolean posix = isPosix();
        FileChannel channel;
        try {
            Set<StandardOpenOption> options =
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileAttribute<?>[] ownerOnly = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                    : new FileAttribute<?>[0];
            channel = FileChannel.open(path, options, ownerOnly);
        } catch (FileAlreadyExistsException e) {
            throw new SegmentException(
                    "a segment named " + name + " exists already in " + directory + ": create never overwrites one."
                            + " Was it not unlinked by the process that made it? (Open it by name instead, or use"
                            + " another label.)",
                    e);
        }
        try {
            if (posix) {
                // The attribute above is filtered by the umask (it can only take bits away); set the mode explicitly.
                Files.setPosixFilePermissions(path, OWNER_READ_WRITE);
            }
            long fileSize = HEADER_BYTES + size;
            channel.write(ByteBuffer.wrap(new byte[1]), fileSize - 1); // the file's length; every byte reads as 0
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
            mapped.order(ByteOrder.nativeOrder());
            SegmentHeader.write(mapped, size);
            return register(new Segment(name, path, size, true, channel, mapped));
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(channel);
            try {
                Files.deleteIfExists(path);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Opens the segment that another process (or this one) created, by the name its creator got from
     * {@link #name()}, and maps it. Checks, before it trusts a byte of it: that the name is a segment name of this
     * run, that the file exists, is owner-only and is as long as its header says, that the header is a kata
     * segment's (magic number, layout version) of this run, and that it holds {@code size} bytes of data.
     *
     * @param name the segment's name, {@code katas-<pid>-<run id>-shm-<label>}, as its creator's {@link #name()}
     * @param size the data size the caller expects, in bytes (as the creator gave it)
     * @return the segment, open and mapped; close it when done (unlinking is the creator's job)
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is not a segment name or the size is not allowed
     * @throws SegmentException if there is no such segment (never created, or unlinked already), if it is a symbolic
     *         link, if it holds another size, if its header is not a kata segment's, if it belongs to another run, or
     *         if others may read it
     * @throws IOException if the file cannot be opened or mapped
     */
    public static Segment open(String name, long size) throws IOException {
        SegmentNames.checkSize(size);
        String run = SegmentNames.runOf(name);
        if (!run.equals(KitFiles.runId())) {
            throw new SegmentException("segment " + name + " belongs to run " + run + ", and this JVM to run "
                    + KitFiles.runId() + ": a segment of another run is refused (two runs never touch each other's"
                    + " segments; the kit gives every child JVM its parent's run)");
        }
        Path directory = directory();
        Path path = directory.resolve(name);
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new SegmentException(
                    "no segment named " + name + " in " + directory + ": it was never created, or it was unlinked"
                            + " already (the creator must create it before others open it, and unlink it only when"
                            + " they are all done)",
                    e);
        } catch (IOException e) {
            if (Files.isSymbolicLink(path)) {
                // Opened with NOFOLLOW_LINKS, the JDK says only "Too many levels of symbolic links".
                throw new SegmentException(
                        path + " is a symbolic link, refused: a kata segment is a plain file that Segment.create"
                                + " made, and a link could lead anywhere (it is never followed)",
                        e);
            }
            throw e;
        }
        try {
            if (isPosix()) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (!OWNER_READ_WRITE.equals(mode)) {
                    throw new SegmentException("segment " + name + " has permissions "
                            + PosixFilePermissions.toString(mode) + ", not rw-------: a kata segment is owner-only,"
                            + " so this file was not made by Segment.create; refused");
                }
            }
            long fileSize = channel.size();
            if (fileSize < HEADER_BYTES || fileSize > HEADER_BYTES + MAX_SIZE) {
                throw new SegmentException(
                        "segment " + name + " is a file of " + String.format(Locale.ROOT, "%,d", fileSize)
                                + " bytes: a kata segment has a header of " + HEADER_BYTES + " bytes and at most "
                                + String.format(Locale.ROOT, "%,d", MAX_SIZE) + " bytes of data; refused");
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
            mapped.order(ByteOrder.nativeOrder());
            SegmentHeader.check(name, mapped, fileSize, size, run);
            return register(new Segment(name, path, size, false, channel, mapped));
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** This segment's name: give it to the processes that should {@link #open} it. */
    public String name() {
        return name;
    }

    /** The segment's file ({@code /dev/shm/katas-...} on Linux). */
    public Path path() {
        return path;
    }

    /** The data size, in bytes (the header not counted). */
    public long size() {
        return size;
    }

    /** Whether this object made the segment ({@link #create}); then unlinking it is its job. */
    public boolean isCreator() {
        return creator;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The segment's data: a view of the {@link #size()} bytes after the header, shared with every process that
     * mapped the segment. Each call returns a new view (its own position and limit, native byte order) of the same
     * memory; index 0 is the first byte of data.
     *
     * @throws IllegalStateException if this segment is closed
     */
    public ByteBuffer buffer() {
        if (closed) {
            throw new IllegalStateException(this + " is closed: open it again (Segment.open) to use it");
        }
        return data.duplicate().order(ByteOrder.nativeOrder());
    }

    /**
     * Closes this process's use of the segment: releases its file descriptor and makes {@link #buffer()} refuse.
     * Does not delete the segment (see {@link #unlink()}). Idempotent.
     *
     * @throws UncheckedIOException if the file descriptor could not be closed
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        synchronized (OPEN) {
            OPEN.remove(this);
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the segment's file, Python's {@code SharedMemory.unlink()}: its name is gone, no process can
     * {@link #open} it any more, and its memory is freed when the last mapping goes. Processes that mapped it keep
     * using their mapping meanwhile (Linux, macOS). The creator does this once, when every process is done with the
     * segment; it may be called before or after {@link #close()}.
     *
     * @return true if it deleted the file, false if the file was gone already
     * @throws IOException if the file exists but could not be deleted (on Windows: while it is mapped)
     */
    public boolean unlink() throws IOException {
        return Files.deleteIfExists(path);
    }

    /**
     * The names of the segments open in this JVM: one entry per {@code Segment} object that was created or opened
     * and not closed yet (a segment opened twice is listed twice). For checks that code closes what it opens. A new,
     * unmodifiable list.
     */
    public static List<String> openInThisJvm() {
        synchronized (OPEN) {
            return OPEN.stream().map(Segment::name).toList();
        }
    }

    /**
     * The directory where segments live: {@code /dev/shm} where it exists and is writable (Linux), else
     * {@code java.io.tmpdir}. Both are among {@link KitFiles#directories()}, where the kit's sweep and the tests'
     * hygiene check look.
     */
    public static Path directory() {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return SHM;
        }
        return Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    }

    /** {@code segment <name> (<size> bytes)}, the way messages name a segment. */
    @Override
    public String toString() {
        return "segment " + name + " (" + size + " bytes)";
    }

    private static Segment register(Segment segment) {
        synchronized (OPEN) {
            OPEN.add(segment);
        }
        return segment;
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Failing already; the first exception is the one to report.
        }
    }
}
