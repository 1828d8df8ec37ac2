package katas.processqueue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * KNOWN RIGHT: each frame is built in a ByteBuffer and written with one write(byte[]); the reader reads the 5-byte
 * header into a ByteBuffer with its own loop over read(), checks it, and only then reads the payload the same way.
 */
public final class Frames {

    public static final byte HELLO = 'H';
    public static final byte VALUE = 'V';
    public static final byte END = 'E';
    public static final int MAX_PAYLOAD = 1 << 20;

    private static final int HEADER = 5;

    private Frames() {}

    public static void write(DataOutputStream out, Frame frame) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(frame, "frame");
        ByteBuffer buffer;
        if (frame instanceof Frame.Value value) {
            buffer = ByteBuffer.allocate(HEADER + 8).put(VALUE).putInt(8).putLong(value.value());
        } else if (frame instanceof Frame.End) {
            buffer = ByteBuffer.allocate(HEADER).put(END).putInt(0);
        } else {
            byte[] name = ((Frame.Hello) frame).producer().getBytes(StandardCharsets.UTF_8);
            if (name.length > MAX_PAYLOAD) {
                throw new FrameException(String.format(
                        Locale.ROOT, "a hello of %,d bytes exceeds the limit of %,d bytes", name.length, MAX_PAYLOAD));
            }
            buffer = ByteBuffer.allocate(HEADER + name.length)
                    .put(HELLO)
                    .putInt(name.length)
                    .put(name);
        }
        out.write(buffer.array());
    }

    public static Frame read(DataInputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.BIG_ENDIAN);
        int got = fill(in, header.array());
        if (got == 0) {
            return null;
        }
        byte type = header.get(0);
        if (type != HELLO && type != VALUE && type != END) {
            throw new FrameException(String.format("unknown frame type 0x%02x", type & 0xff));
        }
        if (got < HEADER) {
            throw new FrameException(
                    "truncated frame: the stream ended after " + got + " of the 5 header bytes (type and length)");
        }
        int length = header.getInt(1);
        if (length < 0) {
            throw new FrameException("frame length " + length + " is negative");
        }
        if (length > MAX_PAYLOAD) {
            throw new FrameException(
                    String.format(Locale.ROOT, "frame length %,d exceeds the limit of %,d bytes", length, MAX_PAYLOAD));
        }
        int expected = type == VALUE ? 8 : type == END ? 0 : length;
        if (length != expected || (type == HELLO && length == 0)) {
            throw new FrameException("a '" + (char) type + "' frame cannot have length " + length
                    + (type == VALUE ? ": a value has 8 bytes" : type == END ? ": an end has 0" : ""));
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        int read = fill(in, payload.array());
        if (read < length) {
            throw new FrameException(
                    "truncated frame: the stream ended after " + read + " of the " + length + " payload bytes");
        }
        if (type == VALUE) {
            return new Frame.Value(payload.getLong(0));
        }
        if (type == END) {
            return new Frame.End();
        }
        String name = StandardCharsets.UTF_8.decode(payload).toString();
        if (name.isBlank()) {
            throw new FrameException("a hello frame's name is blank");
        }
        return new Frame.Hello(name);
    }

    /** Reads until {@code into} is full or the stream ends; returns how many bytes it read. */
    private static int fill(DataInputStream in, byte[] into) throws IOException {
        int got = 0;
        while (got < into.length) {
            int r = in.read(into, got, into.length - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return got;
    }
}
