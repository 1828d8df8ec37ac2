package katas.kit.frame;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Frames on a byte stream (a pipe, a socket: no message boundaries of their own): a frame is its kind byte, its
 * payload's length as a 4-byte big-endian {@code int}, then the payload. A codec is made for one protocol: the kinds
 * it knows ({@link Kind}) and a size limit. No Java serialization; {@link #read} trusts nothing. Neither method
 * flushes. The codec is immutable and thread-safe; a stream is not: one thread at a time reads it, one writes it,
 * and a {@link #write} is several writes (see there). Given code: the framing rules of kata 02, written once.
 */
public final class FrameCodec {

    /** Bytes before the payload: the kind and the length. */
    public static final int HEADER_BYTES = 1 + Integer.BYTES;

    /**
     * One kind of frame: its byte, its name (for messages), and the payload lengths it allows.
     *
     * @param code      the kind byte
     * @param name      a short name, such as {@code count}
     * @param minLength the shortest payload, 0 or more
     * @param maxLength the longest payload, at least {@code minLength}; {@link Integer#MAX_VALUE} for "up to the
     *                  codec's limit"
     */
    public record Kind(byte code, String name, int minLength, int maxLength) {
        /**
         * @throws NullPointerException if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is blank or the lengths are not {@code 0 <= min <= max}
         */
        public Kind {
            Objects.requireNonNull(name, "a frame kind needs a name");
            if (name.isBlank() || minLength < 0 || maxLength < minLength) {
                throw new IllegalArgumentException("a frame kind needs a name and 0 <= minLength <= maxLength, got '"
                        + name + "', " + minLength + ", " + maxLength);
            }
        }

        /** A kind whose payload is always {@code length} bytes. */
        public static Kind fixed(char code, String name, int length) {
            return new Kind(code(code), name, length, length);
        }

        /** A kind whose payload is anything from 0 bytes to the codec's limit (text, for example). */
        public static Kind variable(char code, String name) {
            return new Kind(code(code), name, 0, Integer.MAX_VALUE);
        }

        private static byte code(char code) {
            if (code > 0xff) {
                throw new IllegalArgumentException("a frame kind is one byte; '" + code + "' is not");
            }
            return (byte) code;
        }

        String allowed() {
            if (minLength == maxLength) {
                return minLength + (minLength == 1 ? " byte" : " bytes");
            }
            return maxLength == Integer.MAX_VALUE
                    ? minLength + " bytes or more"
                    : minLength + " to " + maxLength + " bytes";
        }
    }

    private final int maxPayload;
    private final Kind[] kinds = new Kind[256];
    private final List<Kind> known;

    private FrameCodec(int maxPayload, List<Kind> known) {
        this.maxPayload = maxPayload;
        this.known = List.copyOf(known);
        for (Kind kind : known) {
            kinds[kind.code() & 0xff] = kind;
        }
    }

    /**
     * A codec for a protocol with these kinds of frame and this size limit.
     *
     * @param maxPayload the largest payload any frame may have, in bytes; 0 or more
     * @param kinds      the kinds of frame, each with a different byte
     * @throws IllegalArgumentException if {@code maxPayload} is negative, no kind is given, or two share a byte
     * @throws NullPointerException if a kind is null
     */
    public static FrameCodec of(int maxPayload, Kind... kinds) {
        if (maxPayload < 0) {
            throw new IllegalArgumentException("the size limit must be 0 or more, got " + maxPayload);
        }
        if (kinds.length == 0) {
            throw new IllegalArgumentException("a codec needs at least one kind of frame");
        }
        List<Kind> list = new ArrayList<>();
        boolean[] seen = new boolean[256];
        for (Kind kind : kinds) {
            Objects.requireNonNull(kind, "a frame kind is null");
            if (seen[kind.code() & 0xff]) {
                throw new IllegalArgumentException("two frame kinds share the byte " + Frame.kindText(kind.code()));
            }
            seen[kind.code() & 0xff] = true;
            list.add(kind);
        }
        return new FrameCodec(maxPayload, list);
    }

    /** The largest payload a frame may have, in bytes. */
    public int maxPayload() {
        return maxPayload;
    }

    /** The kind with this byte, if the codec knows it. */
    public Optional<Kind> kind(byte code) {
        return Optional.ofNullable(kinds[code & 0xff]);
    }

    /**
     * Writes one frame, in three calls on {@code out}: the kind byte, the four length bytes, the payload (none when
     * it is empty). Checks the frame first and writes nothing if it is refused. Does not flush.
     *
     * <p><b>A frame is several writes.</b> That is how frame writers usually look (a {@code DataOutputStream} makes
     * even more calls), and it means that two threads writing frames to one stream at the same time interleave their
     * pieces: the reader then sees a torn frame (a length where a kind should be, another frame's payload). Whoever
     * shares a stream between threads must hold one lock around the whole {@code write} of a frame.
     *
     * @throws FrameException if the kind is unknown, the payload is over the limit, or its length is one the kind
     *         does not allow
     * @throws IOException if the stream fails
     * @throws NullPointerException if an argument is null
     */
    public void write(OutputStream out, Frame frame) throws IOException {
        Objects.requireNonNull(out, "the stream to write to must not be null");
        Objects.requireNonNull(frame, "the frame to write must not be null");
        Kind kind = kinds[frame.kind() & 0xff];
        if (kind == null) {
            throw new FrameException(
                    FrameException.Problem.UNKNOWN_KIND,
                    "cannot write a frame of unknown kind " + Frame.kindText(frame.kind()) + ": " + knownKinds());
        }
        checkLength(kind, frame.length(), "cannot write it");
        byte[] payload = frame.payloadArray();
        int length = payload.length;
        out.write(frame.kind()); // write 1 of 3: the kind
        out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
        }); // write 2 of 3: the length
        if (length > 0) {
            out.write(payload); // write 3 of 3: the payload
        }
    }

    /**
     * Reads one frame: all of it, however the bytes arrive (a pipe may deliver a frame in several pieces).
     *
     * @return the frame, or {@code null} if the stream ended cleanly <em>between</em> frames (the writer closed it)
     * @throws FrameException if the bytes are not a valid frame: an unknown kind, a negative length, a length over
     *         the limit or one the kind does not allow (all checked before the payload is allocated or read), or a
     *         stream that ends inside the frame (a half-written message); the message says which, with the numbers
     * @throws IOException if the stream fails
     * @throws NullPointerException if {@code in} is null
     */
    public Frame read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "the stream to read from must not be null");
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte code = (byte) first;
        Kind kind = kinds[first];
        if (kind == null) {
            throw new FrameException(
                    FrameException.Problem.UNKNOWN_KIND,
                    "unknown frame kind " + Frame.kindText(code) + ": " + knownKinds()
                            + "; the bytes are not frames of this protocol");
        }
        byte[] header = readFully(in, Integer.BYTES, kind, "the 4 length bytes");
        int length = ((header[0] & 0xff) << 24)
                | ((header[1] & 0xff) << 16)
                | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        checkLength(kind, length, "refused before reading its payload");
        return Frame.wrap(code, readFully(in, length, kind, "the " + length + " payload bytes"));
    }

    private void checkLength(Kind kind, int length, String what) throws FrameException {
        String frame = "a '" + kind.name() + "' frame (" + Frame.kindText(kind.code()) + ")";
        if (length < 0) {
            throw new FrameException(
                    FrameException.Problem.NEGATIVE_LENGTH,
                    "frame length " + length + " is negative, in " + frame + ": " + what);
        }
        if (length > maxPayload) {
            throw new FrameException(
                    FrameException.Problem.OVER_LIMIT,
                    String.format(
                            Locale.ROOT,
                            "frame length %,d exceeds the limit of %,d bytes, in %s: %s",
                            length,
                            maxPayload,
                            frame,
                            what));
        }
        if (length < kind.minLength() || length > kind.maxLength()) {
            throw new FrameException(
                    FrameException.Problem.WRONG_LENGTH,
                    frame + " carries " + kind.allowed() + ", but its length is " + length + ": " + what);
        }
    }

    /** Reads exactly {@code n} bytes, looping over short reads, or says how many came before the stream ended. */
    private static byte[] readFully(InputStream in, int n, Kind kind, String what) throws IOException {
        byte[] bytes = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(bytes, got, n - got);
            if (r < 0) {
                throw new FrameException(
                        FrameException.Problem.HALF_WRITTEN,
                        "half-written frame (truncated): the stream ended after " + got + " of " + what + " of a '"
                                + kind.name() + "' frame (" + Frame.kindText(kind.code()) + "): the other end closed"
                                + " or died in the middle of a message");
            }
            got += r;
        }
        return bytes;
    }

    private String knownKinds() {
        StringBuilder text = new StringBuilder("this protocol knows ");
        for (int i = 0; i < known.size(); i++) {
            Kind k = known.get(i);
            text.append(i == 0 ? "" : i == known.size() - 1 ? " and " : ", ")
                    .append(Frame.kindText(k.code()))
                    .append(' ')
                    .append(k.name());
        }
        return text.toString();
    }
}
