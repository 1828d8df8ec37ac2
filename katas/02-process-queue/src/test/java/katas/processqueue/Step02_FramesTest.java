package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Step(2)
@DisplayName("Step 2: frames - typed, length-prefixed messages with a size limit")
@Timeout(30)
class Step02_FramesTest {

    static byte[] bytesOf(Frame... frames) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        for (Frame frame : frames) {
            Frames.write(out, frame);
        }
        out.flush();
        return buffer.toByteArray();
    }

    static DataInputStream streamOf(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    static List<Frame> readAll(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        List<Frame> frames = new ArrayList<>();
        for (Frame f = Frames.read(in); f != null; f = Frames.read(in)) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    @DisplayName("a value is 13 bytes on the wire: 'V', the length 8, the long big-endian")
    void valueBytes() throws IOException {
        assertThat(bytesOf(new Frame.Value(0x0102030405060708L)))
                .as(
                        "Frames.write of Value(0x0102030405060708): type byte 'V', 4-byte length 8, 8 payload bytes."
                                + " Plain DataOutputStream calls, no ObjectOutputStream (Java serialization would start with 0xACED)")
                .containsExactly('V', 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    @DisplayName("an end marker is 'E' and the length 0; a hello is 'H', the length and the name in UTF-8")
    void endAndHelloBytes() throws IOException {
        assertThat(bytesOf(new Frame.End()))
                .as("Frames.write of End: type 'E', length 0, no payload")
                .containsExactly('E', 0, 0, 0, 0);
        assertThat(bytesOf(new Frame.Hello("wé")))
                .as(
                        "Frames.write of Hello(\"wé\"): type 'H', the length in BYTES of the UTF-8 name (3, not 2 chars), the bytes")
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
                new Frame.End());
        assertThat(readAll(bytesOf(frames.toArray(Frame[]::new))))
                .as("Frames.read until it returns null, after Frames.write of these frames")
                .isEqualTo(frames);
        assertThat(Frames.read(streamOf()))
                .as("Frames.read of an empty stream: a clean end, so null")
                .isNull();
    }

    @Test
    @DisplayName("a stream that ends inside a frame is a 'truncated frame', in the header or in the payload")
    void truncated() {
        assertThatThrownBy(() -> Frames.read(streamOf('V', 0, 0)))
                .as("Frames.read of 'V' and only 2 of the 4 length bytes: the stream ended inside the header")
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Frames.read(streamOf('V', 0, 0, 0, 8, 1, 2, 3)))
                .as("Frames.read of a value frame with 3 of its 8 payload bytes: the writer died mid-frame")
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Frames.read(streamOf('H', 0, 0, 0, 5, 'a', 'b')))
                .as("Frames.read of a hello frame that promises 5 bytes and has 2")
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    @DisplayName("a negative length is refused: 'frame length -5 is negative'")
    void negativeLength() {
        assertThatThrownBy(() -> Frames.read(streamOf('H', 0xff, 0xff, 0xff, 0xfb, 'x')))
                .as("Frames.read of a hello frame whose length field is -5: check the sign before allocating")
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("-5")
                .hasMessageContaining("negative");
    }

    @Test
    @DisplayName("a length over the 1 MiB limit is refused before anything is allocated or read")
    void oversized() {
        // 2,000,000,000 = 0x77359400
        assertThatThrownBy(() -> Frames.read(streamOf('H', 0x77, 0x35, 0x94, 0x00, 'x')))
                .as("Frames.read of a hello frame whose length field says 2,000,000,000 bytes: a reader that trusts"
                        + " the length allocates 2 GB for it. Check the length against the limit MAX_PAYLOAD first")
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("limit")
                .hasMessageMatching("(?s).*2,?000,?000,?000.*")
                .hasMessageMatching("(?s).*1,?048,?576.*");
    }

    @Test
    @DisplayName("writing a frame over the limit is refused too, before a byte is written")
    void oversizedWrite() {
        String huge = "x".repeat(Frames.MAX_PAYLOAD + 1);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Frames.write(new DataOutputStream(buffer), new Frame.Hello(huge)))
                .as("Frames.write of a hello whose name is 1,048,577 bytes: over the limit, a reader would refuse it")
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("limit");
        assertThat(buffer.size())
                .as("bytes written for the refused frame (none: refuse before writing)")
                .isZero();
    }

    @Test
    @DisplayName("an unknown type byte is refused: 'unknown frame type 0x7f'")
    void unknownType() {
        assertThatThrownBy(() -> Frames.read(streamOf(0x7f, 0, 0, 0, 0)))
                .as("Frames.read of type byte 0x7f: not H, V or E. Say the byte in hex")
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("unknown frame type")
                .hasMessageContaining("0x7f");
    }

    @Test
    @DisplayName("a length that does not fit the type is refused: a value has 8 bytes, an end marker 0")
    void lengthMustFitTheType() {
        assertThatThrownBy(() -> Frames.read(streamOf('V', 0, 0, 0, 3, 1, 2, 3)))
                .as("Frames.read of a value frame of length 3: a long is 8 bytes, whatever follows")
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("8");
        assertThatThrownBy(() -> Frames.read(streamOf('E', 0, 0, 0, 1, 9)))
                .as("Frames.read of an end frame of length 1: an end marker has no payload")
                .isInstanceOf(FrameException.class);
        assertThatThrownBy(() -> Frames.read(streamOf('H', 0, 0, 0, 0)))
                .as("Frames.read of a hello frame with an empty name: a producer must have a name")
                .isInstanceOf(FrameException.class);
    }

    @Test
    @DisplayName("refuses null streams and frames with a NullPointerException")
    void refusesNull() {
        assertThatThrownBy(() -> Frames.write(null, new Frame.End()))
                .as("Frames.write(null, End)")
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Frames.write(new DataOutputStream(new ByteArrayOutputStream()), null))
                .as("Frames.write(out, null)")
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Frames.read(null)).as("Frames.read(null)").isInstanceOf(NullPointerException.class);
    }
}
