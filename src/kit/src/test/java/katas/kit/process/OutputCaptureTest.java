package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("OutputCapture keeps a bounded head and tail of a stream")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OutputCaptureTest {

    @Test
    @DisplayName("short output is kept whole")
    void shortOutput() {
        OutputCapture capture = new OutputCapture();
        byte[] bytes = "hello, world\n".getBytes(StandardCharsets.UTF_8);
        capture.append(bytes, 0, 5);
        capture.append(bytes, 5, bytes.length - 5);
        assertThat(capture.text()).as("text of a short capture").isEqualTo("hello, world\n");
        assertThat(capture.totalBytes()).as("bytes counted").isEqualTo(bytes.length);
    }

    @Test
    @DisplayName("long output keeps the first 8 KiB, the last 56 KiB and says how much is omitted")
    void longOutput() {
        OutputCapture capture = new OutputCapture();
        int total = 1_000_000;
        byte[] chunk = new byte[777];
        for (int written = 0; written < total; written += chunk.length) {
            int n = Math.min(chunk.length, total - written);
            for (int i = 0; i < n; i++) {
                chunk[i] = (byte) ('a' + (written + i) % 26);
            }
            capture.append(chunk, 0, n);
        }
        String text = capture.text();
        long omitted = total - OutputCapture.HEAD_BYTES - OutputCapture.TAIL_BYTES;
        String marker = "\n... " + omitted + " bytes omitted ...\n";
        assertThat(text).as("head, marker, tail").contains(marker);
        String head = text.substring(0, text.indexOf(marker));
        String tail = text.substring(text.indexOf(marker) + marker.length());
        assertThat(head).as("the head").hasSize(OutputCapture.HEAD_BYTES).startsWith("abcdefg");
        assertThat(tail).as("the tail").hasSize(OutputCapture.TAIL_BYTES);
        char last = (char) ('a' + (total - 1) % 26);
        assertThat(tail.charAt(tail.length() - 1)).as("the last byte written").isEqualTo(last);
        char firstOfTail = (char) ('a' + (total - OutputCapture.TAIL_BYTES) % 26);
        assertThat(tail.charAt(0)).as("the first byte of the tail").isEqualTo(firstOfTail);
        assertThat(capture.tail(100))
                .as("tail(100)")
                .hasSize(103)
                .startsWith("...")
                .endsWith(String.valueOf(last));
    }

    @Test
    @DisplayName("one write bigger than the whole buffer keeps its own head and tail")
    void oneHugeWrite() {
        OutputCapture capture = new OutputCapture();
        byte[] huge = new byte[200_000];
        for (int i = 0; i < huge.length; i++) {
            huge[i] = (byte) ('0' + i % 10);
        }
        capture.append(huge, 0, huge.length);
        assertThat(capture.text())
                .as("text of one huge write")
                .startsWith("0123456789")
                .contains(
                        "... " + (huge.length - OutputCapture.HEAD_BYTES - OutputCapture.TAIL_BYTES) + " bytes omitted")
                .endsWith("56789");
    }
}
