package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

@Step(2)
@DisplayName("Step 2: frames - typed, length-prefixed messages with a size limit")
@ExtendWith(ProcessHygiene.class)
@Timeout(30)
class Step02_FramesTest {

    static final String IN_PIECES = "A read(byte[]) may return fewer bytes than asked (a socket delivers a frame in"
            + " pieces): loop until you have them all, as DataInputStream.readFully does (step 2, Hint 2)";

    static final String UNSIGNED = "A Java byte is signed: (b << 8) of a byte of 0x80 or more sign-extends it and the"
            + " length goes negative. Mask each byte with & 0xff, or use readInt (step 2, Hint 3)";

    static final String BIG_ENDIAN = "The 4 length bytes are one big-endian int, the most significant byte first, as"
            + " DataInputStream.readInt reads it (step 2, Hint 2)";

    /**
     * What a reader's refusal of a frame with a known length field says about how it read that field: the byte order
     * or the sign lesson when the number it names is the field read little-endian or from signed bytes, else null.
     */
    static String misreadLength(Throwable thrown, int field) {
        String message = thrown.getMessage() == null ? "" : thrown.getMessage().replace(",", "");
        List<Long> named = new ArrayList<>();
        Matcher m = Pattern.compile("-?\\d+").matcher(message);
        while (m.find()) {
            try {
                named.add(Long.parseLong(m.group()));
            } catch (NumberFormatException e) {
                // longer than a long: not a length
            }
        }
        int littleEndian = Integer.reverseBytes(field);
        int signed = ((byte) (field >>> 24) << 24)
                | ((byte) (field >>> 16) << 16)
                | ((byte) (field >>> 8) << 8)
                | (byte) field;
        String bytes = String.format(
                "%02x %02x %02x %02x", field >>> 24, (field >>> 16) & 0xff, (field >>> 8) & 0xff, field & 0xff);
        if (littleEndian != field && named.contains((long) littleEndian)) {
            return String.format(
                    Locale.ROOT,
                    "Frames.read of a frame whose length bytes are %s (%,d) refused it as a frame of length %,d: that"
                            + " is those bytes read little-endian (%s). %s",
                    bytes,
                    field,
                    littleEndian,
                    thrown,
                    BIG_ENDIAN);
        }
        if (signed != field && (named.contains((long) signed) || field >= 0 && message.contains("negative"))) {
            return String.format(
                    Locale.ROOT,
                    "Frames.read of a frame whose length bytes are %s (%,d) read a length of %,d: a byte of 0x80 or"
                            + " more was sign-extended (%s). %s",
                    bytes,
                    field,
                    signed,
                    thrown,
                    UNSIGNED);
        }
        return null;
    }

    static final String ALLOCATE_LAST = "Check the length against MAX_PAYLOAD before you allocate anything for the"
            + " payload: a 5-byte header must not make you allocate 2 GB (step 2, Hint 3)";

    /** What a refused oversized frame may allocate at most: far less than the 1 MiB + 1 of its payload. */
    static final long ALLOCATION_ALLOWANCE = 256 * 1024;

    static byte[] bytesOf(Frame... frames) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        for (Frame frame : frames) {
            Frames.write(out, frame);
        }
        out.flush();
        return buffer.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static DataInputStream streamOf(int... bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes(bytes)));
    }

    static List<Frame> readAll(DataInputStream in) throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (Frame f = Frames.read(in); f != null; f = Frames.read(in)) {
            frames.add(f);
        }
        return frames;
    }

    static List<Frame> readAll(byte[] bytes) throws IOException {
        return readAll(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    /** Reads every frame of {@code in}; a FrameException fails the test with {@code lesson}. */
    static List<Frame> readAllOrExplain(DataInputStream in, String lesson) throws IOException {
        try {
            return readAll(in);
        } catch (FrameException e) {
            throw new AssertionFailedError(lesson + "\n  but Frames.read threw " + e, e);
        }
    }

    static String hex(byte[] bytes, int max) {
        String shown = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, max));
        return bytes.length > max ? shown + " ... (" + bytes.length + " bytes)" : shown;
    }

    @Test
    @Telling
    @DisplayName("a value is 13 bytes on the wire: 'V', the length 8, the long, all big-endian")
    void valueBytes() throws IOException {
        assertThat(bytesOf(new Frame.Value(0x0102030405060708L)))
                .as("Frames.write of Value(0x0102030405060708): type byte 'V', 4-byte length 8, 8 payload bytes, each"
                        + " number big-endian, the most significant byte first, with plain DataOutputStream calls"
                        + " (step 2, Hint 2)")
                .containsExactly('V', 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    @DisplayName("an end marker is 'E' and the length 0; a hello is 'H', the length and the name in UTF-8")
    void endAndHelloBytes() throws IOException {
        assertThat(bytesOf(new Frame.End()))
                .as("Frames.write of End: type 'E', length 0, no payload")
                .containsExactly('E', 0, 0, 0, 0);
        assertThat(bytesOf(new Frame.Hello("wé")))
                .as("Frames.write of Hello(\"wé\"): type 'H', then the length in bytes of the UTF-8 name (3 bytes,"
                        + " though it is 2 chars: 'é' is 2 bytes in UTF-8), big-endian, then those bytes")
                .containsExactly('H', 0, 0, 0, 3, 'w', 0xC3 - 256, 0xA9 - 256);
    }

    @Test
    @DisplayName("frames read back exactly as written, in order, and the clean end of the stream reads as null")
    void roundTrip() throws IOException {
        List<Frame> frames = List.of(
                new Frame.Hello("worker-1"),
                new Frame.Value(0),
                new Frame.Value(-1),
                new Frame.Value(Long.MAX_VALUE),
                new Frame.Value(Long.MIN_VALUE),
                new Frame.Value(0x0080_00FF_7F80_FF01L),
                new Frame.End());
        byte[] whole = bytesOf(frames.toArray(Frame[]::new));
        List<Frame> read;
        try {
            read = readAll(new DataInputStream(new ByteArrayInputStream(whole)));
        } catch (FrameException e) {
            String said = String.valueOf(e.getMessage());
            throw new AssertionFailedError(
                    "Frames.read until it returns null, after Frames.write of " + frames + "\n  but Frames.read threw "
                            + e
                            + (said.contains("truncated")
                                    ? "\n  The stream held every byte of every frame: a reader that finds it truncated"
                                            + " took a read() result for the end. Read exactly the bytes you need, as"
                                            + " DataInputStream.readFully does (step 2, Hint 2)"
                                    : ""),
                    e);
        }
        assertThat(read)
                .as("Frames.read until it returns null, after Frames.write of these frames")
                .isEqualTo(frames);
        assertThat(Frames.read(streamOf()))
                .as("Frames.read of an empty stream: a clean end, so null")
                .isNull();
    }

    @Test
    @DisplayName("a frame that arrives in pieces reads the same: one byte per read(), and split at every place")
    void framesInPieces() throws IOException {
        List<Frame> frames = List.of(
                new Frame.Hello("worker-1"),
                new Frame.Value(0x0102030405060708L),
                new Frame.End(),
                new Frame.Hello("wé"));
        byte[] bytes = bytesOf(frames.toArray(Frame[]::new));
        String lesson = "Frames.read of " + frames + ", delivered one byte per read() call. " + IN_PIECES;
        assertThat(readAllOrExplain(new DataInputStream(new Pieces(bytes, at -> at + 1)), lesson))
                .as(lesson)
                .isEqualTo(frames);
        for (int split = 1; split < bytes.length; split++) {
            int cut = split;
            lesson = "Frames.read of " + frames + ", delivered in two pieces: the first read() gets the first " + cut
                    + " bytes, later ones the rest. " + IN_PIECES;
            assertThat(readAllOrExplain(
                            new DataInputStream(new Pieces(bytes, at -> at < cut ? cut : bytes.length)), lesson))
                    .as(lesson)
                    .isEqualTo(frames);
        }
    }

    @Test
    @DisplayName("a stream that ends inside a frame is a 'truncated frame' that says where: after the type byte, in"
            + " the length, in the payload")
    void truncated() {
        truncatedIn("the length", "(?s).*(length|header).*", "right after the type byte of a value frame", 'V');
        truncatedIn(
                "the length", "(?s).*(length|header).*", "after 2 of the 4 length bytes of a value frame", 'V', 0, 0);
        truncatedIn(
                "the length", "(?s).*(length|header).*", "after 3 of the 4 length bytes of an end frame", 'E', 0, 0, 0);
        truncatedIn(
                "the payload",
                "(?s).*(payload|value|name).*",
                "after 3 of the 8 payload bytes of a value frame (the writer died mid-frame)",
                'V',
                0,
                0,
                0,
                8,
                1,
                2,
                3);
        truncatedIn(
                "the payload",
                "(?s).*(payload|value|name).*",
                "after 2 of the 5 bytes of a hello frame's name",
                'H',
                0,
                0,
                0,
                5,
                'a',
                'b');
    }

    private static void truncatedIn(String where, String whereRegex, String what, int... bytes) {
        Expect.thrownBy(
                        "Frames.read of a stream that ends " + what + ": a stream that ends inside a frame is a"
                                + " truncated frame (not a clean end: null is only for an end between frames), a"
                                + " FrameException whose message says 'truncated' and where it ended (" + where + ")",
                        () -> Frames.read(streamOf(bytes)))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("truncated")
                .hasMessageMatching("(?i)" + whereRegex);
    }

    @Test
    @DisplayName("a negative length is refused: 'frame length -5 is negative'")
    void negativeLength() {
        try {
            Frames.read(streamOf('H', 0xff, 0xff, 0xff, 0xfb, 'x'));
        } catch (Exception e) {
            String misread = misreadLength(e, -5);
            if (misread != null) {
                throw new AssertionFailedError(misread, e);
            }
        }
        Expect.thrownBy(
                        "Frames.read of a hello frame whose length field is -5: a FrameException saying the length is"
                                + " negative. Check the sign before you allocate (new byte[-5] throws"
                                + " NegativeArraySizeException, which says nothing about the frame)",
                        () -> Frames.read(streamOf('H', 0xff, 0xff, 0xff, 0xfb, 'x')))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("-5")
                .hasMessageContaining("negative");
    }

    @Test
    @DisplayName(
            "a length over the 1 MiB limit is refused before the payload is allocated: 1,048,577 and 2,000,000,000")
    void oversized() throws IOException {
        AllocationMeter meter = AllocationMeter.ofThisThread();
        refusedByTheLimit(Frames.MAX_PAYLOAD + 1, meter); // first: class loading and the like, not measured
        refusedBeforeAllocating(Frames.MAX_PAYLOAD + 1, meter);
        refusedBeforeAllocating(2_000_000_000, meter);
        if (!meter.supported()) {
            System.out.println("  this JVM cannot measure a thread's allocations: the test checked only the"
                    + " FrameException, not that nothing was allocated before it");
        }
    }

    private static long refusedByTheLimit(int length, AllocationMeter meter) {
        String lengthText = String.format(Locale.ROOT, "%,d", length);
        byte[] frame = bytes('H', length >>> 24, length >>> 16, length >>> 8, length, 'x');
        long before = meter.allocated();
        Throwable thrown;
        try {
            Frames.read(new DataInputStream(new ByteArrayInputStream(frame)));
            thrown = null;
        } catch (OutOfMemoryError e) {
            throw new AssertionFailedError(
                    "Frames.read of a hello frame whose length field says " + lengthText + " bytes ran out of"
                            + " memory: it allocated the payload before it checked the length. " + ALLOCATE_LAST,
                    e);
        } catch (Throwable e) {
            thrown = e;
        }
        long allocated = meter.allocated() - before;
        String lesson = "Frames.read of a hello frame whose length field says " + lengthText + " bytes, over the"
                + " limit MAX_PAYLOAD: refuse it with a FrameException that names the length and the limit "
                + String.format(Locale.ROOT, "(%,d)", Frames.MAX_PAYLOAD) + ". " + ALLOCATE_LAST;
        if (thrown == null) {
            throw new AssertionFailedError(lesson + "\n  but the call returned normally: nothing was thrown");
        }
        String misread = misreadLength(thrown, length);
        if (misread != null) {
            throw new AssertionFailedError(misread, thrown);
        }
        assertThat(thrown)
                .as(lesson)
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("limit")
                .hasMessageMatching("(?s).*" + lengthText.replace(",", ",?") + ".*")
                .hasMessageMatching("(?s).*1,?048,?576.*");
        return allocated;
    }

    private static void refusedBeforeAllocating(int length, AllocationMeter meter) {
        long allocated = refusedByTheLimit(length, meter);
        if (meter.supported()) {
            assertThat(allocated)
                    .as(
                            "bytes allocated by Frames.read of a hello frame whose length field says %,d bytes, before"
                                    + " it refused it (measured: ThreadMXBean.getThreadAllocatedBytes). %s",
                            length, ALLOCATE_LAST)
                    .isLessThan(ALLOCATION_ALLOWANCE);
        }
    }

    @Test
    @DisplayName("the limit is the largest payload allowed: a name of exactly 1,048,576 bytes goes through, one more is"
            + " refused before a byte is written")
    void exactlyTheLimit() throws IOException {
        String atLimit = "x".repeat(Frames.MAX_PAYLOAD);
        String lesson = "a hello whose name is exactly MAX_PAYLOAD (1,048,576) bytes: the limit is the largest payload"
                + " allowed, so a frame of exactly the limit goes through; refuse only a length over it (>, not >=)";
        byte[] bytes;
        try {
            bytes = bytesOf(new Frame.Hello(atLimit));
        } catch (FrameException e) {
            throw new AssertionFailedError("Frames.write of " + lesson + "\n  but it threw " + e, e);
        }
        assertThat(bytes.length).as("bytes written for %s", lesson).isEqualTo(5 + Frames.MAX_PAYLOAD);
        List<Frame> read = readAllOrExplain(
                new DataInputStream(new ByteArrayInputStream(bytes)), "Frames.read of the frame of " + lesson);
        assertThat(read.equals(List.of(new Frame.Hello(atLimit))))
                .as("Frames.read of the frame of %s gives that hello back", lesson)
                .isTrue();

        String over = "x".repeat(Frames.MAX_PAYLOAD + 1);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Expect.thrownBy(
                        "Frames.write of a hello whose name is 1,048,577 bytes: over the limit, a reader would refuse"
                                + " it, so the writer refuses it too, with a FrameException",
                        () -> Frames.write(new DataOutputStream(buffer), new Frame.Hello(over)))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("limit");
        assertThat(buffer.size())
                .as("bytes written for the refused frame (none: refuse before writing)")
                .isZero();
    }

    @Test
    @DisplayName("a length is unsigned on the wire: names of 127, 128, 255, 256, ... 65,536 bytes all read back")
    void lengthBytesAreUnsigned() throws IOException {
        for (int n : new int[] {127, 128, 200, 255, 256, 32_767, 32_768, 33_023, 65_535, 65_536, 1_048_448}) {
            Frame hello = new Frame.Hello("n".repeat(n));
            byte[] bytes = bytesOf(hello);
            String lesson = String.format(
                    Locale.ROOT,
                    "Frames.read of a hello frame of %,d bytes (length bytes %s). %s",
                    n,
                    hex(Arrays.copyOfRange(bytes, 1, 5), 4),
                    UNSIGNED);
            List<Frame> read = readAllOrExplain(new DataInputStream(new ByteArrayInputStream(bytes)), lesson);
            assertThat(read.equals(List.of(hello)))
                    .as("%s%n  read back: %s frame(s)", lesson, read.size())
                    .isTrue();
        }
    }

    @Test
    @DisplayName("an unknown type byte is refused: 'unknown frame type 0x7f'")
    void unknownType() {
        Expect.thrownBy(
                        "Frames.read of type byte 0x7f: not H, V or E: a FrameException that says 'unknown frame type'"
                                + " and the byte in hex",
                        () -> Frames.read(streamOf(0x7f, 0, 0, 0, 0)))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("unknown frame type")
                .hasMessageContaining("0x7f");
        Expect.thrownBy(
                        "Frames.read of type byte 0xac, the first byte of Java serialization's 0xACED: not a frame of"
                                + " this protocol: 'unknown frame type 0xac' (the byte as 0 to 255, not as a signed"
                                + " byte)",
                        () -> Frames.read(streamOf(0xac, 0xed, 0, 5, 0x73)))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("unknown frame type")
                .hasMessageContaining("0xac");
        Expect.thrownBy(
                        "Frames.read of a stream of zero bytes: type byte 0x00 is a byte like any other (only the end"
                                + " of the stream, -1 from read(), is a clean end): 'unknown frame type 0x00'",
                        () -> Frames.read(streamOf(0, 0, 0, 0, 0)))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("unknown frame type")
                .hasMessageContaining("0x00");
    }

    @Test
    @DisplayName(
            "a length that does not fit the type is refused: a value has 8 bytes, an end marker 0, a hello 1 or more")
    void lengthMustFitTheType() {
        Expect.thrownBy(
                        "Frames.read of a value frame whose length field says 3, then 3 bytes and an end frame: a value"
                                + " is 8 bytes, so length 3 is refused before any payload is read (step 2, Hint 3)",
                        () -> Frames.read(streamOf('V', 0, 0, 0, 3, 1, 2, 3, 'E', 0, 0, 0, 0)))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("8")
                .hasMessageContaining("3");
        Expect.thrownBy(
                        "Frames.read of an end frame of length 1: an end marker has no payload",
                        () -> Frames.read(streamOf('E', 0, 0, 0, 1, 9)))
                .isInstanceOf(FrameException.class);
        Expect.thrownBy(
                        "Frames.read of a hello frame with an empty name: a producer must have a name",
                        () -> Frames.read(streamOf('H', 0, 0, 0, 0)))
                .isInstanceOf(FrameException.class);
        Expect.thrownBy(
                        "Frames.read of a hello frame whose name is 2 spaces: a producer's name is not blank (Frame.Hello"
                                + " refuses it with an IllegalArgumentException; the reader refuses the frame with a"
                                + " FrameException)",
                        () -> Frames.read(streamOf('H', 0, 0, 0, 2, ' ', ' ')))
                .isInstanceOf(FrameException.class);
    }

    @Test
    @DisplayName(
            "a name is UTF-8 whatever the JVM's default charset: a child JVM whose default is ISO-8859-1 writes and"
                    + " reads 'wé' as this one does")
    void utf8WhateverTheDefaultCharset() throws Exception {
        String name = "w\u00e9";
        byte[] expected = bytesOf(new Frame.Hello(name)); // this JVM's own Frames first: a stub fails here
        try (ChildProcess child = ChildJvm.main(Fixtures.FrameCharsets.class)
                .jvmArgs("-Dfile.encoding=ISO-8859-1")
                .pipeStdio()
                .shortLived()
                .start()) {
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return child.stdout().readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (DataOutputStream toChild = new DataOutputStream(child.stdin())) {
                toChild.write(expected);
            }
            byte[] report;
            try {
                report = output.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionFailedError("the child JVM (Fixtures.FrameCharsets) wrote nothing for 20 s after it"
                        + " was sent one hello frame: its Frames.read is stuck?");
            } catch (ExecutionException e) {
                throw new AssertionFailedError("reading the child's output failed: " + e.getCause(), e.getCause());
            }
            child.awaitSuccess(Duration.ofSeconds(20));
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(report));
            String charset = in.readUTF();
            byte[] written = new byte[in.readInt()];
            in.readFully(written);
            String decoded = in.readUTF();
            String lesson = "Two JVMs may have different default charsets: name UTF-8 on both sides,"
                    + " getBytes(StandardCharsets.UTF_8) and new String(bytes, StandardCharsets.UTF_8) (step 2, Hint 3)";
            assertThat(hex(written, 40))
                    .as("what a child JVM whose default charset is %s wrote for Hello(\"wé\"). %s", charset, lesson)
                    .isEqualTo(hex(expected, 40));
            assertThat(decoded)
                    .as(
                            "the name a child JVM whose default charset is %s read from this JVM's Hello(\"wé\") (%s). %s",
                            charset, hex(expected, 40), lesson)
                    .isEqualTo(name);
        }
    }

    @Test
    @DisplayName("refuses null streams and frames with a NullPointerException")
    void refusesNull() {
        Expect.thrownBy("Frames.write(null, End)", () -> Frames.write(null, new Frame.End()))
                .isInstanceOf(NullPointerException.class);
        Expect.thrownBy(
                        "Frames.write(out, null)",
                        () -> Frames.write(new DataOutputStream(new ByteArrayOutputStream()), null))
                .isInstanceOf(NullPointerException.class);
        Expect.thrownBy("Frames.read(null)", () -> Frames.read(null)).isInstanceOf(NullPointerException.class);
    }

    /**
     * An input stream that hands out its bytes in pieces, as a socket may: a read from position {@code at} gets at
     * most the bytes up to {@code end.applyAsInt(at)}, however many it asked for.
     */
    static final class Pieces extends InputStream {
        private final byte[] bytes;
        private final IntUnaryOperator end;
        private int at;

        Pieces(byte[] bytes, IntUnaryOperator end) {
            this.bytes = bytes;
            this.end = end;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(len, Math.min(bytes.length, Math.max(at + 1, end.applyAsInt(at))) - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }

    /** How many bytes the calling thread has allocated, where the JVM can say (HotSpot: JDK 17 and 25 can). */
    static final class AllocationMeter {
        private final com.sun.management.ThreadMXBean bean;

        private AllocationMeter(com.sun.management.ThreadMXBean bean) {
            this.bean = bean;
        }

        static AllocationMeter ofThisThread() {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean hotSpot
                    && hotSpot.isThreadAllocatedMemorySupported()) {
                hotSpot.setThreadAllocatedMemoryEnabled(true);
                return new AllocationMeter(hotSpot);
            }
            return new AllocationMeter(null);
        }

        boolean supported() {
            return bean != null;
        }

        /** Bytes this thread allocated so far, or 0 where the JVM cannot say. */
        long allocated() {
            return bean == null ? 0 : bean.getCurrentThreadAllocatedBytes();
        }
    }
}
