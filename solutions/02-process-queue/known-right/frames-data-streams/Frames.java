package katas.processqueue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * KNOWN RIGHT: the hints' way: DataInputStream's readInt and readFully read the header and the payload (they loop
 * over short reads themselves, and throw EOFException at an early end, turned into a truncated frame here).
 */
public final class Frames {

    public static final byte HELLO = 'H';
    public static final byte VALUE = 'V';
    public static final byte END = 'E';
    public static final int MAX_PAYLOAD = 1 << 20;

    private Frames() {}

    public static void write(DataOutputStream out, Frame frame) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(frame, "frame");
        if (frame instanceof Frame.Value value) {
            out.writeByte(VALUE);
            out.writeInt(8);
            out.writeLong(value.value());
        } else if (frame instanceof Frame.End) {
            out.writeByte(END);
            out.writeInt(0);
        } else {
            byte[] name = ((Frame.Hello) frame).producer().getBytes(StandardCharsets.UTF_8);
            if (name.length > MAX_PAYLOAD) {
                throw new FrameException(tooLong(name.length));
            }
            out.writeByte(HELLO);
            out.writeInt(name.length);
            out.write(name);
        }
    }

    public static Frame read(DataInputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        int type = in.read();
        if (type == -1) {
            return null;
        }
        if (type != HELLO && type != VALUE && type != END) {
            throw new FrameException(String.format("unknown frame type 0x%02x", type));
        }
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new FrameException(
                    "truncated frame: the stream ended inside the length of a '" + (char) type + "' frame");
        }
        if (length < 0) {
            throw new FrameException("frame length " + length + " is negative");
        }
        if (length > MAX_PAYLOAD) {
            throw new FrameException(tooLong(length));
        }
        if (type == VALUE && length != 8) {
            throw new FrameException("a value frame has length 8, not " + length);
        }
        if (type == END && length != 0) {
            throw new FrameException("an end frame has length 0, not " + length);
        }
        if (type == HELLO && length == 0) {
            throw new FrameException("a hello frame needs a name: length 0");
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new FrameException("truncated frame: the stream ended inside the " + length + "-byte payload of a '"
                    + (char) type + "' frame");
        }
        if (type == VALUE) {
            long v = 0;
            for (byte b : payload) {
                v = (v << 8) | (b & 0xff);
            }
            return new Frame.Value(v);
        }
        if (type == END) {
            return new Frame.End();
        }
        String name = new String(payload, StandardCharsets.UTF_8);
        if (name.isBlank()) {
            throw new FrameException("a hello frame's name is blank");
        }
        return new Frame.Hello(name);
    }

    private static String tooLong(int length) {
        return String.format(Locale.ROOT, "frame length %,d exceeds the limit of %,d bytes", length, MAX_PAYLOAD);
    }
}
