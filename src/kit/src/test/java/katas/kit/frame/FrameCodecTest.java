package katas.kit.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import katas.kit.frame.FrameCodec.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("FrameCodec: kind, length, payload; a size limit; bad bytes refused with a message that says why")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrameCodecTest {

    static final FrameCodec CODEC = FrameCodec.of(
            1 << 20, Kind.fixed('C', "count", 16), Kind.fixed('S', "stop", 0), Kind.variable('E', "error"));

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] written(Frame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            CODEC.write(out, f);
        }
        return out.toByteArray();
    }

    static FrameException readFails(int... input) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> CODEC.read(new ByteArrayInputStream(bytes(input))));
        assertThat(thrown).isInstanceOf(FrameException.class);
        return (FrameException) thrown;
    }

    @Test
    @DisplayName("on the wire: the kind byte, the length as a 4-byte big-endian int, the payload")
    void wireFormat() throws IOException {
        assertThat(written(Frame.ofLongs((byte) 'C', 5, 258)))
                .containsExactly(bytes('C', 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 1, 2));
        assertThat(written(Frame.empty((byte) 'S'))).containsExactly(bytes('S', 0, 0, 0, 0));
        assertThat(written(Frame.ofText((byte) 'E', "é"))).containsExactly(bytes('E', 0, 0, 0, 2, 0xc3, 0xa9));
    }

    @Test
    @DisplayName("frames read back as written, in order; a clean end of stream between frames reads as null")
    void roundTrip() throws IOException {
        List<Frame> frames = List.of(
                Frame.ofLongs((byte) 'C', Long.MIN_VALUE, Long.MAX_VALUE),
                Frame.empty((byte) 'S'),
                Frame.ofText((byte) 'E', ""),
                Frame.ofText((byte) 'E', "x".repeat(70_000)));
        InputStream in = new ByteArrayInputStream(written(frames.toArray(Frame[]::new)));
        List<Frame> read = new ArrayList<>();
        for (Frame f = CODEC.read(in); f != null; f = CODEC.read(in)) {
            read.add(f);
        }
        assertThat(read).isEqualTo(frames);
        assertThat(CODEC.read(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    @DisplayName("a frame that arrives one byte at a time is still read whole (short reads are looped over)")
    void shortReads() throws IOException {
        byte[] wire = written(Frame.ofLongs((byte) 'C', 7, 8));
        InputStream trickle = new InputStream() {
            int next;

            @Override
            public int read() {
                return next < wire.length ? wire[next++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= wire.length) {
                    return -1;
                }
                b[off] = wire[next++];
                return 1;
            }
        };
        assertThat(CODEC.read(trickle)).isEqualTo(Frame.ofLongs((byte) 'C', 7, 8));
    }

    @Test
    @DisplayName("write makes three calls on the stream (kind, length, payload): shared by threads, it needs a lock")
    void threeWrites() throws IOException {
        List<Integer> calls = new ArrayList<>();
        OutputStream recorder = new OutputStream() {
            @Override
            public void write(int b) {
                calls.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                calls.add(len);
            }
        };
        CODEC.write(recorder, Frame.ofLongs((byte) 'C', 1, 2));
        assertThat(calls).containsExactly(1, 4, 16);
        calls.clear();
        CODEC.write(recorder, Frame.empty((byte) 'S'));
        assertThat(calls).containsExactly(1, 4);
    }

    @Test
    @DisplayName("a stream that ends inside a frame is a half-written frame, in the length or in the payload")
    void halfWritten() {
        FrameException inLength = readFails('C', 0, 0);
        assertThat(inLength.problem()).isEqualTo(FrameException.Problem.HALF_WRITTEN);
        assertThat(inLength).hasMessageContaining("half-written").hasMessageContaining("after 2 of the 4 length");
        FrameException inPayload = readFails('C', 0, 0, 0, 16, 1, 2, 3);
        assertThat(inPayload.problem()).isEqualTo(FrameException.Problem.HALF_WRITTEN);
        assertThat(inPayload)
                .hasMessageContaining("half-written")
                .hasMessageContaining("truncated")
                .hasMessageContaining("after 3 of the 16 payload bytes")
                .hasMessageContaining("'count'");
        assertThat(readFails('S').problem()).isEqualTo(FrameException.Problem.HALF_WRITTEN);
    }

    @Test
    @DisplayName("an unknown kind is refused, in hex, naming the kinds the protocol knows")
    void unknownKind() {
        FrameException e = readFails(0x7f, 0, 0, 0, 0);
        assertThat(e.problem()).isEqualTo(FrameException.Problem.UNKNOWN_KIND);
        assertThat(e)
                .hasMessageContaining("unknown frame kind 0x7f")
                .hasMessageContaining("'C' (0x43) count, 'S' (0x53) stop and 'E' (0x45) error");
    }

    @Test
    @DisplayName("a negative length is refused")
    void negativeLength() {
        FrameException e = readFails('E', 0xff, 0xff, 0xff, 0xfb, 'x');
        assertThat(e.problem()).isEqualTo(FrameException.Problem.NEGATIVE_LENGTH);
        assertThat(e).hasMessageContaining("-5").hasMessageContaining("negative");
    }

    @Test
    @DisplayName("a length over the limit is refused before the payload is allocated or read")
    void overLimit() {
        // 2,000,000,000 = 0x77359400, and no payload at all: a reader that allocated or read first would say
        // half-written (or run out of memory), not over the limit.
        FrameException e = readFails('E', 0x77, 0x35, 0x94, 0x00);
        assertThat(e.problem()).isEqualTo(FrameException.Problem.OVER_LIMIT);
        assertThat(e)
                .hasMessageContaining("2,000,000,000")
                .hasMessageContaining("exceeds the limit of 1,048,576 bytes");
    }

    @Test
    @DisplayName("a length the kind does not allow is refused: a count carries 16 bytes, a stop none")
    void wrongLength() {
        FrameException count = readFails('C', 0, 0, 0, 3, 1, 2, 3);
        assertThat(count.problem()).isEqualTo(FrameException.Problem.WRONG_LENGTH);
        assertThat(count).hasMessageContaining("carries 16 bytes, but its length is 3");
        assertThat(readFails('S', 0, 0, 0, 1, 9).problem()).isEqualTo(FrameException.Problem.WRONG_LENGTH);
    }

    @Test
    @DisplayName("write refuses an unknown kind, a payload over the limit or of the wrong length, writing nothing")
    void writeRefuses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> CODEC.write(out, Frame.empty((byte) 'Z')))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("unknown kind 'Z' (0x5a)");
        assertThatThrownBy(() -> CODEC.write(out, Frame.of((byte) 'E', new byte[(1 << 20) + 1])))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> CODEC.write(out, Frame.ofLongs((byte) 'C', 1)))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("carries 16 bytes, but its length is 8");
        assertThat(out.size()).as("bytes written for refused frames").isZero();
        assertThatThrownBy(() -> CODEC.write(null, Frame.empty((byte) 'S'))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CODEC.write(out, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CODEC.read(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("a codec refuses no kinds, two kinds with one byte, a negative limit; kinds need names and lengths")
    void codecRefusesBadDefinitions() {
        assertThatThrownBy(() -> FrameCodec.of(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameCodec.of(-1, Kind.fixed('A', "a", 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameCodec.of(10, Kind.fixed('A', "a", 0), Kind.fixed('A', "b", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'A' (0x41)");
        assertThatThrownBy(() -> Kind.fixed('A', " ", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Kind((byte) 'A', "a", 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Kind.fixed('\u0100', "wide", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CODEC.kind((byte) 'C')).map(Kind::name).contains("count");
        assertThat(CODEC.kind((byte) 'Q')).isEmpty();
        assertThat(CODEC.maxPayload()).isEqualTo(1 << 20);
    }

    @Test
    @DisplayName("Frame: longs and text in and out, copies of the payload, equality by content, readable toString")
    void frames() {
        Frame f = Frame.ofLongs((byte) 'C', 3, -4);
        assertThat(f.longs()).containsExactly(3, -4);
        assertThat(f.length()).isEqualTo(16);
        f.payload()[0] = 9;
        assertThat(f.longs()).as("the payload is a copy").containsExactly(3, -4);
        byte[] source = {1, 2};
        Frame g = Frame.of((byte) 'E', source);
        source[0] = 7;
        assertThat(g.payload()).as("of() copies").containsExactly(1, 2);
        assertThat(Frame.ofText((byte) 'E', "héllo").text()).isEqualTo("héllo");
        assertThat(Frame.ofLongs((byte) 'C', 1)).isEqualTo(Frame.ofLongs((byte) 'C', 1));
        assertThat(Frame.ofLongs((byte) 'C', 1).hashCode())
                .isEqualTo(Frame.ofLongs((byte) 'C', 1).hashCode());
        assertThat(Frame.ofLongs((byte) 'C', 1)).isNotEqualTo(Frame.ofLongs((byte) 'R', 1));
        assertThat(Frame.ofLongs((byte) 'C', 1).toString())
                .isEqualTo("Frame 'C' (0x43) (8 bytes: 00 00 00 00 00 00 00 01)");
        assertThat(Frame.empty((byte) 7).toString()).isEqualTo("Frame 0x07 (0 bytes)");
        assertThatThrownBy(() -> Frame.of((byte) 'E', new byte[3]).longs())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a multiple of 8");
        assertThatThrownBy(() -> Frame.of((byte) 'E', null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Frame.ofText((byte) 'E', null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName(
            "printable: a peer's control characters are escaped, never quoted raw, and long text is cut, saying so")
    void printable() {
        String hostile = "\u001b[2J\u001b[31mok\r\nforged line\u0007\u202e\u0000 end";
        String shown = Frame.printable(hostile, 300);
        assertThat(shown.chars().filter(Character::isISOControl).count())
                .as("control characters left in %s", shown)
                .isZero();
        assertThat(shown).isEqualTo("\\u001b[2J\\u001b[31mok\\r\\nforged line\\u0007\\u202e\\u0000 end");
        assertThat(Frame.printable("héllo, 세계", 300))
                .as("printable text is kept")
                .isEqualTo("héllo, 세계");
        String cut = Frame.printable("x".repeat(1_048_576), 300);
        assertThat(cut).startsWith("x".repeat(300)).contains("1,048,276 more characters not shown");
        assertThat(cut.length()).isLessThan(400);
        assertThat(Frame.printable("\u0007".repeat(100), 13))
                .as("an escape is never cut in half")
                .startsWith("\\u0007\\u0007...");
        assertThat(Frame.printable(null, 10)).isEqualTo("null");
        assertThat(Frame.ofText((byte) 'E', "a\u001bb").printableText(50)).isEqualTo("a\\u001bb");
        assertThatThrownBy(() -> Frame.printable("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
