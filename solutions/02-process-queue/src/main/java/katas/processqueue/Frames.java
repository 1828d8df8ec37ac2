package katas.processqueue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Step 2: frames on the wire. A socket carries a stream with no message boundaries; a frame puts them back: a type
 * byte, the payload's length (4 bytes, big-endian), then the payload. {@code 'H'} Hello: the producer's name, UTF-8,
 * 1 to MAX_PAYLOAD bytes; {@code 'V'} Value: the long, 8 bytes big-endian; {@code 'E'} End: no payload. No Java
 * serialization: a reader trusts nothing, and checks the type, the length and the limit before it allocates or reads
 * a payload, saying in its exception what was wrong. Stateless; a stream is for one thread at a time.
 */
public final class Frames {

    /** Type byte of {@link Frame.Hello}. */
    public static final byte HELLO = 'H';
    /** Type byte of {@link Frame.Value}. */
    public static final byte VALUE = 'V';
    /** Type byte of {@link Frame.End}. */
    public static final byte END = 'E';
    /** The largest payload a frame may have: 1 MiB (1,048,576 bytes). */
    public static final int MAX_PAYLOAD = 1 << 20;

    private Frames() {}

    /**
     * Writes one frame. Does not flush: the caller decides when the bytes go out.
     *
     * @throws FrameException if the frame's payload would exceed {@link #MAX_PAYLOAD} (a very long name)
     * @throws IOException if the stream fails
     * @throws NullPointerException if {@code out} or {@code frame} is null
     */
    public static void write(DataOutputStream out, Frame frame) throws IOException {
        Objects.requireNonNull(out, "the stream to write to must not be null");
        Objects.requireNonNull(frame, "the frame to write must not be null");
        if (frame instanceof Frame.Value value) {
            out.writeByte(VALUE);
            out.writeInt(Long.BYTES);
            out.writeLong(value.value());
        } else if (frame instanceof Frame.End) {
            out.writeByte(END);
            out.writeInt(0);
        } else if (frame instanceof Frame.Hello hello) {
            byte[] name = hello.producer().getBytes(StandardCharsets.UTF_8);
            checkLimit(name.length, "hello");
            out.writeByte(HELLO);
            out.writeInt(name.length);
            out.write(name);
        }
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or {@code null} if the stream ended cleanly <em>between</em> frames (the writer closed it)
     * @throws FrameException if the bytes are not a valid frame: unknown type, negative length, a length over
     *         {@link #MAX_PAYLOAD}, a length that does not fit the type, or a stream that ends inside a frame
     *         (truncated); the message says which, with the numbers
     * @throws IOException if the stream fails
     * @throws NullPointerException if {@code in} is null
     */
    public static Frame read(DataInputStream in) throws IOException {
        Objects.requireNonNull(in, "the stream to read from must not be null");
        int type = in.read();
        if (type < 0) {
            return null;
        }
        String kind = switch (type) {
            case HELLO -> "hello";
            case VALUE -> "value";
            case END -> "end";
            default ->
                throw new FrameException(String.format(
                        "unknown frame type 0x%02x: expected 'H' (0x48),"
                                + " 'V' (0x56) or 'E' (0x45); the bytes are not frames of this protocol",
                        type));
        };
        byte[] lengthBytes = readPayload(in, 4, "the 4-byte length of a " + kind + " frame");
        int length = ((lengthBytes[0] & 0xff) << 24)
                | ((lengthBytes[1] & 0xff) << 16)
                | ((lengthBytes[2] & 0xff) << 8)
                | (lengthBytes[3] & 0xff);
        if (length < 0) {
            throw new FrameException("frame length " + length + " is negative (" + kind + " frame)");
        }
        checkLimit(length, kind);
        switch (type) {
            case VALUE -> {
                if (length != Long.BYTES) {
                    throw new FrameException("a value frame carries 8 bytes (one long), but its length says " + length);
                }
                byte[] b = readPayload(in, Long.BYTES, "the 8 payload bytes of a value frame");
                long value = 0;
                for (byte x : b) {
                    value = (value << 8) | (x & 0xff);
                }
                return new Frame.Value(value);
            }
            case END -> {
                if (length != 0) {
                    throw new FrameException("an end frame has no payload, but its length says " + length);
                }
                return new Frame.End();
            }
            default -> {
                if (length == 0) {
                    throw new FrameException("a hello frame must carry the producer's name, but its length is 0");
                }
                String name = new String(
                        readPayload(in, length, "the " + length + "-byte name of a hello frame"),
                        StandardCharsets.UTF_8);
                if (name.isBlank()) {
                    throw new FrameException("a hello frame's producer name is blank");
                }
                return new Frame.Hello(name);
            }
        }
    }

    private static void checkLimit(int length, String kind) throws FrameException {
        if (length > MAX_PAYLOAD) {
            throw new FrameException(String.format(
                    Locale.ROOT,
                    "frame length %,d exceeds the limit of %,d bytes (%s frame)",
                    length,
                    MAX_PAYLOAD,
                    kind));
        }
    }

    /** Reads exactly {@code n} bytes, or says how many came before the stream ended. */
    private static byte[] readPayload(DataInputStream in, int n, String what) throws IOException {
        byte[] bytes = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(bytes, got, n - got);
            if (r < 0) {
                throw new FrameException("truncated frame: the stream ended after " + got + " of " + what
                        + " (the writer closed or died in the middle of a frame)");
            }
            got += r;
        }
        return bytes;
    }
}
