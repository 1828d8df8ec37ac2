package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Drain: reads a stream on a daemon thread until its end, keeping its head and tail")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DrainTest {

    @Test
    @DisplayName("reads everything, keeps the text, ends at the end of the stream")
    void readsToTheEnd() {
        Drain drain = Drain.start(new ByteArrayInputStream("héllo\nworld\n".getBytes(StandardCharsets.UTF_8)), "t");
        await().atMost(Duration.ofSeconds(10)).until(drain::isDone);
        assertThat(drain.text()).isEqualTo("héllo\nworld\n");
        assertThat(drain.tail(6)).isEqualTo("...world\n");
        assertThat(drain.totalBytes()).isEqualTo(13);
    }

    @Test
    @DisplayName("a writer of 1 MiB into a real pipe never blocks: the drain keeps reading, keeping 64 KiB")
    void writerNeverBlocks() throws IOException {
        Pipe pipe = Pipe.open();
        Drain drain = Drain.start(Channels.newInputStream(pipe.source()), "drain-test");
        try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
            byte[] line = "a line of the log, 32 bytes ...\n".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 32 * 1024; i++) {
                out.write(line); // 1 MiB in all: sixteen times what the pipe holds
            }
            out.write("the end\n".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(10)).until(drain::isDone);
        assertThat(drain.totalBytes()).isEqualTo(32L * 1024 * 32 + 8);
        assertThat(drain.text()).contains("bytes omitted").endsWith("the end\n");
        assertThat(drain.text().length()).isLessThan(70 * 1024);
    }

    @Test
    @DisplayName("refuses null arguments")
    void refusesNull() {
        assertThatThrownBy(() -> Drain.start(null, "t")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Drain.start(new ByteArrayInputStream(new byte[0]), null))
                .isInstanceOf(NullPointerException.class);
    }
}
