package katas.kit.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import katas.kit.Printable;

/**
 * One message on the wire: a kind (one byte) and a payload (zero or more bytes); on the wire ({@link FrameCodec}) the
 * kind byte, the payload's length as a 4-byte big-endian {@code int}, then the payload. What the kinds mean is the
 * protocol's business. Payload helpers: {@link #ofLongs}/{@link #longs()} for numbers (8 bytes each, big-endian),
 * {@link #ofText}/{@link #text()} for UTF-8 text. Immutable (the payload is copied in and out). Given code.
 */
public final class Frame {

    private final byte kind;
    private final byte[] payload;

    private Frame(byte kind, byte[] payload) {
        this.kind = kind;
        this.payload = payload;
    }

    /**
     * A frame of {@code kind} carrying a copy of {@code payload}.
     *
     * @throws NullPointerException if {@code payload} is null
     */
    public static Frame of(byte kind, byte[] payload) {
        return new Frame(
                kind,
                Objects.requireNonNull(payload, "payload must not be null (use empty(kind))")
                        .clone());
    }

    /** A frame of {@code kind} with no payload. */
    public static Frame empty(byte kind) {
        return new Frame(kind, new byte[0]);
    }

    /** A frame of {@code kind} carrying {@code values}, 8 bytes each, big-endian. */
    public static Frame ofLongs(byte kind, long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * values.length);
        for (long value : values) {
            buffer.putLong(value);
        }
        return new Frame(kind, buffer.array());
    }

    /**
     * A frame of {@code kind} carrying {@code text} in UTF-8.
     *
     * @throws NullPointerException if {@code text} is null
     */
    public static Frame ofText(byte kind, String text) {
        return new Frame(
                kind, Objects.requireNonNull(text, "text must not be null").getBytes(StandardCharsets.UTF_8));
    }

    /** Made by the codec from bytes it has just read: no copy. */
    static Frame wrap(byte kind, byte[] payload) {
        return new Frame(kind, payload);
    }

    /** The kind byte. */
    public byte kind() {
        return kind;
    }

    /** The payload's length in bytes. */
    public int length() {
        return payload.length;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload itself, for the codec's writer (which must not change it). */
    byte[] payloadArray() {
        return payload;
    }

    /**
     * The payload read as {@code long}s, 8 bytes each, big-endian.
     *
     * @throws IllegalStateException if the payload's length is not a multiple of 8
     */
    public long[] longs() {
        if (payload.length % Long.BYTES != 0) {
            throw new IllegalStateException(this + " does not carry longs: its " + payload.length
                    + "-byte payload is not a multiple of 8 bytes");
        }
        long[] values = new long[payload.length / Long.BYTES];
        ByteBuffer.wrap(payload).asLongBuffer().get(values);
        return values;
    }

    /** The payload read as UTF-8 text (malformed bytes become U+FFFD). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * The payload as text fit to quote in a message: {@link #text()} made {@linkplain #printable(String, int)
     * printable} and cut to at most {@code maxChars} characters. The other end chose these bytes: quote them only
     * this way.
     *
     * @throws IllegalArgumentException if {@code maxChars} is less than 1
     */
    public String printableText(int maxChars) {
        return printable(text(), maxChars);
    }

    /**
     * Text from the other end, made fit to quote in a message or a log: {@link Printable#of} (control and invisible
     * characters escaped, cut to {@code maxChars} characters with a note of what was left out; null is
     * {@code null}).
     *
     * @throws IllegalArgumentException if {@code maxChars} is less than 1
     */
    public static String printable(String text, int maxChars) {
        return Printable.of(text, maxChars);
    }

    /** Equal frames have the same kind and the same payload bytes. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f && f.kind == kind && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * kind + Arrays.hashCode(payload);
    }

    /** For messages: {@code Frame 'C' (16 bytes: 00 00 00 00 00 00 00 05 ...)}. */
    @Override
    public String toString() {
        return "Frame " + kindText(kind) + " (" + payload.length + (payload.length == 1 ? " byte" : " bytes")
                + (payload.length == 0 ? "" : ": " + hex(payload, 16)) + ")";
    }

    /** A kind byte for messages: {@code 'C' (0x43)}, or just {@code 0x07} when it is not a printable character. */
    public static String kindText(byte kind) {
        int b = kind & 0xff;
        String hex = String.format("0x%02x", b);
        return b >= 0x21 && b <= 0x7e ? "'" + (char) b + "' (" + hex + ")" : hex;
    }

    private static String hex(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            text.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return bytes.length > max ? text + " ..." : text.toString();
    }
}
