package katas.processqueue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import katas.kit.Kata;

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
        // TODO step 2: writeByte(type), writeInt(payload length), then the payload
        //  (writeLong for a value, the UTF-8 bytes of the name for a hello, nothing for an end).
        throw Kata.todo("Frames.write: write the type byte, the 4-byte length, then the payload");
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
        // TODO step 2: read() the type byte (-1: clean end, return null), then readInt() the length;
        //  check type, sign, limit and the type's own length BEFORE allocating, then read the payload.
        throw Kata.todo("Frames.read: read type and length, check them, then read the payload");
    }
}
