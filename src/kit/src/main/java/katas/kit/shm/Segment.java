package katas.kit.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import katas.kit.Printable;
import katas.kit.process.KitFiles;

/**
 * A named block of memory that several processes share: the analogue of Python's
 * {@code multiprocessing.shared_memory.SharedMemory}. Given code: read it, use it, don't edit it.
 *
 * <pre>{@code
 * try (Segment segment = Segment.create("counter", 64)) {          // parent: a new segment of 64 bytes
 *     // start children with segment.name() as an argument; each does:
 *     //     try (Segment mine = Segment.open(name, 64)) { ... mine.buffer() ... }
 *     ...
 * } finally { ... segment.unlink(); }                               // the creator removes it when all are done
 * }</pre>
 *
 * <p><b>What it is.</b> A real file that every process maps into its memory ({@link FileChannel#map}): the same
 * physical pages, seen by every process that maps it, so a {@code long} one process writes is there for the others to
 * read. The file is in {@code /dev/shm} on Linux (a file system in memory: no disk is involved) and in the temporary
 * directory elsewhere. Its name is {@code katas-<pid>-<run id>-shm-<label>}, the kit's scheme for kata files
 * ({@link KitFiles}): the pid of the JVM that created it and the id of its run, so that the kit's cleanup and the
 * hygiene check of the tests know it, and two runs on one machine never touch each other's segments.
 *
 * <p><b>What the kit guarantees.</b>
 * <ul>
 *   <li>Owner only: the file is created with permissions {@code rw-------} from the start (never readable by others,
 *       whatever the umask), and {@link #create} never overwrites an existing file.</li>
 *   <li>Names cannot escape the directory: a label is 1 to {@value #MAX_LABEL_LENGTH} letters, digits, {@code .},
 *       {@code _} or {@code -}, with no {@code ..} and no path separator.</li>
 *   <li>A size is positive, a multiple of 8 (the segment holds {@code long}s, each 8-byte aligned, as atomic access
 *       requires) and at most {@value #MAX_SIZE} bytes.</li>
 *   <li>A header of {@value #HEADER_BYTES} bytes before the data, which {@link #open} checks before it trusts the
 *       file: the kit's magic number, the layout version, the data size, and the run id of the creator. A file of
 *       the wrong size, a damaged or foreign header, or a segment of another run is refused with a
 *       {@link SegmentException} that says which. (The run id proves that the opener belongs to the creator's run;
 *       it is a guard against mistakes, not a secret: the permissions keep other users out.)</li>
 * </ul>
 *
 * <p><b>What is yours.</b> The data: {@link #buffer()} is a view of the {@link #size()} bytes after the header, and
 * what they mean, how they are read and written (plainly or atomically), is up to the code that uses the segment.
 *
 * <p><b>Closing and unlinking</b> are two different things, as in Python. {@link #close()} is what every process
 * does with the segment it opened or created: it releases this process's file descriptor, and the segment object
 * refuses to give out its buffer afterwards. {@link #unlink()} is what the creator does once, when every process is
 * done: it deletes the file, so that the name is gone and the memory is freed once the last mapping goes. A
 * process that forgets to close leaks a file descriptor and a mapping for as long as it runs; a creator that forgets
 * to unlink leaves a file in {@code /dev/shm} that holds memory until the machine restarts (or until the kit's sweep
 * of a later run finds it: see {@link KitFiles#sweepStale()}).
 *
 * <p>Java 17 cannot unmap a buffer safely: the mapping itself goes when the garbage collector frees the buffer.
 * Code that keeps a buffer from {@link #buffer()} after {@link #close()} can still read and write it; don't. On
 * Linux and macOS an unlinked file stays mapped, and usable, by every process that has mapped it; on Windows a
 * mapped file cannot be deleted, so {@link #unlink()} fails there until every process has let go of it.
 *
 * <p>Concurrency: every method may be called from any thread. {@link #create} and {@link #open} are safe to call
 * from several processes at once (creation is atomic: of two creators of one name, one gets a
 * {@link SegmentException}). The bytes of {@link #buffer()} are shared with every thread of every process that
 * mapped the segment, with no synchronisation at all: that is the point.
 */
public final class Segment implements AutoCloseable {

    /** The largest data size, in bytes: 16 MiB. A kata segment holds a few counters, a race proof a few thousand. */
    public static final long MAX_SIZE = 16L * 1024 * 1024;

    /** The longest label, in characters. */
    public static final int MAX_LABEL_LENGTH = 64;

    /** The header before the data, in bytes: magic, layout version, header size, data size, run id, creator pid. */
    public static final int HEADER_BYTES = 64;

    /** What a segment's file name says after the owner's pid and run id: {@code katas-<pid>-<run>-shm-<label>}. */
    static final String INFIX = "shm-";

    /** The first field of every kata segment's header ("katasSHM" in ASCII), stored, like every header field, in the machine's byte order. */
    static final long MAGIC = 0x6B61_7461_7353_484DL;

    /** The layout of the header this kit writes and reads. */
    static final int LAYOUT_VERSION = 1;

    static final int MAGIC_AT = 0;
    static final int VERSION_AT = 8;
    static final int HEADER_SIZE_AT = 12;
    static final int DATA_SIZE_AT = 16;
    static final int RUN_AT = 24;
    static final int CREATOR_AT = 32;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern NAME = Pattern.compile(
            Pattern.quote(KitFiles.PREFIX) + "(\\d{1,18})-([0-9a-f]{8})-" + Pattern.quote(INFIX) + "(.+)");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
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
        checkLabel(label);
        checkSize(size);
        KitFiles.sweepStale();
        Path directory = directory();
        String name = KitFiles.fileName(INFIX + label);
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
            mapped.putInt(VERSION_AT, LAYOUT_VERSION);
            mapped.putInt(HEADER_SIZE_AT, HEADER_BYTES);
            mapped.putLong(DATA_SIZE_AT, size);
            mapped.put(RUN_AT, KitFiles.runId().getBytes(StandardCharsets.US_ASCII));
            mapped.putLong(CREATOR_AT, ProcessHandle.current().pid());
            LONGS.setRelease(mapped, MAGIC_AT, MAGIC); // last: a header with the magic number is complete
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
        checkSize(size);
        String run = runOf(name);
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
            checkHeader(name, mapped, fileSize, size, run);
            return register(new Segment(name, path, size, false, channel, mapped));
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void checkHeader(String name, MappedByteBuffer header, long fileSize, long size, String run)
            throws SegmentException {
        long magic =
                (long) LONGS.getAcquire(header, MAGIC_AT); // first: the rest of a header is complete once it is set
        if (magic != MAGIC) {
            throw new SegmentException("segment " + name + " does not start with the kit's magic number ("
                    + String.format("0x%016x, not 0x%016x", magic, MAGIC) + "): it is not a kata segment, or its"
                    + " header was overwritten; refused");
        }
        int version = header.getInt(VERSION_AT);
        int headerSize = header.getInt(HEADER_SIZE_AT);
        if (version != LAYOUT_VERSION || headerSize != HEADER_BYTES) {
            throw new SegmentException("segment " + name + " has header layout " + version + " (" + headerSize
                    + " bytes); this kit reads layout " + LAYOUT_VERSION + " (" + HEADER_BYTES + " bytes): made by"
                    + " another version of the kit; refused");
        }
        byte[] runBytes = new byte[8];
        header.get(RUN_AT, runBytes);
        String headerRun = new String(runBytes, StandardCharsets.US_ASCII);
        if (!headerRun.equals(run)) {
            throw new SegmentException("segment " + name + " is named for run " + run + " but its header says run '"
                    + headerRun.replaceAll("[^ -~]", "?") + "': it was not created by this run under this name;"
                    + " refused");
        }
        long dataSize = header.getLong(DATA_SIZE_AT);
        if (dataSize != size) {
            throw new SegmentException("segment " + name + " holds " + String.format(Locale.ROOT, "%,d", dataSize)
                    + " bytes of data, not the " + String.format(Locale.ROOT, "%,d", size) + " you asked for: open a"
                    + " segment with the size its creator gave it");
        }
        if (fileSize != HEADER_BYTES + dataSize) {
            throw new SegmentException("segment " + name + " is a file of " + fileSize + " bytes, but its header"
                    + " says " + HEADER_BYTES + " + " + dataSize + ": the file was cut or grown; refused");
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

    /**
     * Checks a label for {@link #create}.
     *
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static void checkLabel(String label) {
        Objects.requireNonNull(label, "a segment label must not be null");
        String problem = null;
        if (label.isEmpty()) {
            problem = "is empty";
        } else if (label.indexOf('/') >= 0 || label.indexOf('\\') >= 0) {
            problem = "has a path separator ('/' or '\\'): a segment is a file in " + directory()
                    + ", and its name must not lead anywhere else";
        } else if (label.contains("..")) {
            problem = "has '..', which could lead out of " + directory();
        } else if (label.startsWith(".")) {
            problem = "starts with '.' (a hidden file)";
        } else if (label.length() > MAX_LABEL_LENGTH) {
            problem = "is " + label.length() + " characters long, more than the " + MAX_LABEL_LENGTH + " allowed";
        } else if (!LABEL.matcher(label).matches()) {
            problem = "has a character other than letters, digits, '.', '_' and '-'";
        }
        if (problem != null) {
            throw new IllegalArgumentException("segment label '" + Printable.of(label, 100) + "' " + problem);
        }
    }

    /** The run id in a segment name; refuses anything that is not a segment name. */
    private static String runOf(String name) {
        Objects.requireNonNull(name, "a segment name must not be null");
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.contains("..")) {
                throw new IllegalArgumentException(
                        "segment name '" + Printable.of(name, 100) + "' has a path separator or"
                                + " '..': open takes the segment's name (Segment.name()), never a path");
            }
            throw new IllegalArgumentException("'" + Printable.of(name, 100) + "' is not a segment name: open takes the"
                    + " name the creator's Segment.name() gives, katas-<pid>-<run id>-shm-<label>");
        }
        checkLabel(m.group(3));
        return m.group(2);
    }

    /**
     * Checks a data size.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static void checkSize(long size) {
        String problem = null;
        if (size <= 0) {
            problem = "must be positive";
        } else if (size % Long.BYTES != 0) {
            problem = "is not a multiple of 8: a segment holds longs of 8 bytes, each at an offset that is a"
                    + " multiple of 8 (atomic access needs that alignment)";
        } else if (size > MAX_SIZE) {
            problem = "is over the limit of " + String.format(Locale.ROOT, "%,d", MAX_SIZE) + " bytes (16 MiB)";
        }
        if (problem != null) {
            throw new IllegalArgumentException(
                    "segment size " + String.format(Locale.ROOT, "%,d", size) + " bytes " + problem);
        }
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
