package katas.kit.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import katas.kit.process.KitFiles;

/**
 * The {@value Segment#HEADER_BYTES}-byte header before a segment's data: the kit's magic number (written last, with
 * release semantics, so a header that has it is complete), the layout version, the header and data sizes, the
 * creator's run id and pid, each in the machine's byte order. {@link Segment#open} checks it before it trusts a byte.
 */
final class SegmentHeader {

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

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private SegmentHeader() {}

    /** Writes a new segment's header for {@code size} bytes of data, the magic number last. */
    static void write(MappedByteBuffer mapped, long size) {
        mapped.putInt(VERSION_AT, LAYOUT_VERSION);
        mapped.putInt(HEADER_SIZE_AT, Segment.HEADER_BYTES);
        mapped.putLong(DATA_SIZE_AT, size);
        mapped.put(RUN_AT, KitFiles.runId().getBytes(StandardCharsets.US_ASCII));
        mapped.putLong(CREATOR_AT, ProcessHandle.current().pid());
        LONGS.setRelease(mapped, MAGIC_AT, MAGIC); // last: a header with the magic number is complete
    }

    static void check(String name, MappedByteBuffer header, long fileSize, long size, String run)
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
        if (version != LAYOUT_VERSION || headerSize != Segment.HEADER_BYTES) {
            throw new SegmentException("segment " + name + " has header layout " + version + " (" + headerSize
                    + " bytes); this kit reads layout " + LAYOUT_VERSION + " (" + Segment.HEADER_BYTES
                    + " bytes): made by"
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
        if (fileSize != Segment.HEADER_BYTES + dataSize) {
            throw new SegmentException("segment " + name + " is a file of " + fileSize + " bytes, but its header"
                    + " says " + Segment.HEADER_BYTES + " + " + dataSize + ": the file was cut or grown; refused");
        }
    }
}
