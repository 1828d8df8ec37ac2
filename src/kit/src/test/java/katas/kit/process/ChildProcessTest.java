package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("ChildProcess: joining, failures, output and ending a child")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @DisplayName("a failed child's exception names it, its pid and exit code, and quotes its stderr")
    void failureMessage() throws InterruptedException {
        try (ChildProcess child = ChildJvm.main(ChildFixtures.ComplainAndExit.class)
                .name("complainer")
                .args("the disk is full", "3")
                .start()) {
            assertThatThrownBy(() -> child.awaitSuccess(WAIT))
                    .as("awaitSuccess of a child that exits with 3")
                    .isInstanceOf(ChildProcessFailedException.class)
                    .hasMessageContaining("'complainer'")
                    .hasMessageContaining("pid " + child.pid())
                    .hasMessageContaining("exit code 3")
                    .hasMessageContaining("the disk is full");
            assertThat(child.stderrText()).as("stderrText() after the exit").contains("the disk is full");
        }
    }

    @Test
    @DisplayName("a failure message keeps the reason: the exception's line of a stack trace 300 frames deep, and its"
            + " cause, not a blind cut of the end")
    void failureMessageKeepsTheReason() throws InterruptedException {
        String reason = "too many connections: 64 are open";
        try (ChildProcess child = ChildJvm.main(ChildFixtures.ThrowsDeep.class)
                .name("deep")
                .args(reason)
                .start()) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> child.awaitSuccess(WAIT));
            assertThat(thrown).isInstanceOf(ChildProcessFailedException.class);
            assertThat(child.stderrText().length())
                    .as("the length of the whole standard error: longer than a message quotes")
                    .isGreaterThan(ChildProcess.MESSAGE_TAIL_CHARS * 2);
            assertThat(thrown.getMessage())
                    .as("the failure's message")
                    .contains("java.lang.IllegalStateException: " + reason)
                    .contains("Caused by: java.io.IOException: the cause: " + reason.length())
                    .contains("lines left out")
                    .hasSizeLessThan(ChildProcess.MESSAGE_TAIL_CHARS + 1_000);
            assertThat(child.stderrSummary(600))
                    .as("stderrSummary(600): the reason and the cause, and the last lines that fit")
                    .contains("IllegalStateException: " + reason)
                    .contains("Caused by: java.io.IOException")
                    .hasSizeLessThan(1_000);
        }
    }

    @Test
    @DisplayName("a summary of standard error: all of it when it fits; the reason lines and the end when it does not")
    void summarize() {
        assertThat(StderrSummary.of("short\ntext\n", 100)).isEqualTo("short\ntext\n");
        StringBuilder trace =
                new StringBuilder("Exception in thread \"main\" java.io.IOException: refused: too many\n");
        for (int i = 0; i < 100; i++) {
            trace.append("\tat some.Place.method(Place.java:").append(i).append(")\n");
        }
        trace.append("log line at the end\n");
        String summary = StderrSummary.of(trace.toString(), 200);
        assertThat(summary)
                .startsWith("Exception in thread \"main\" java.io.IOException: refused: too many\n\t... (")
                .contains("lines left out)")
                .endsWith("log line at the end\n");
        assertThat(summary.length()).isLessThan(300);
    }

    @Test
    @DisplayName("a child whose main throws exits with 1 and its stack trace is in stderr, like plain java")
    void mainThrows() throws InterruptedException {
        try (ChildProcess child = ChildJvm.main(ChildFixtures.Throws.class).start()) {
            assertThat(child.join(WAIT))
                    .as("exit code of a child whose main threw")
                    .isEqualTo(1);
            assertThat(child.stderrText())
                    .as("stderr of a child whose main threw")
                    .contains(
                            "Exception in thread \"main\" java.lang.IllegalStateException: boom from the child's main \u2713 \u00fc")
                    .contains("at katas.kit.process.ChildFixtures$Throws.main");
        }
    }

    @Test
    @DisplayName("a child writing 10 MB to stderr never blocks, and the parent keeps a bounded head and tail")
    void floodOfStderr() throws InterruptedException {
        try (ChildProcess child =
                ChildJvm.main(ChildFixtures.FloodStderr.class).args("10").start()) {
            child.awaitSuccess(WAIT);
            String stderr = child.stderrText();
            assertThat(stderr.length())
                    .as("characters kept of 10 MB of stderr (8 KiB head + 56 KiB tail + marker)")
                    .isLessThanOrEqualTo(OutputCapture.HEAD_BYTES + OutputCapture.TAIL_BYTES + 100);
            assertThat(stderr)
                    .as("the kept stderr: its first line, the omission marker, its last line")
                    .startsWith("line 0 of a child")
                    .containsPattern("\\.\\.\\. \\d+ bytes omitted \\.\\.\\.")
                    .endsWith("LAST LINE" + System.lineSeparator());
            assertThat(child.stdoutText())
                    .as("stdout of the child, written after the flood")
                    .contains("done");
        }
    }

    @Test
    @DisplayName("join gives up after its timeout with a clear exception, and close() kills the child")
    void joinTimeoutThenClose() throws InterruptedException {
        ChildProcess child =
                ChildJvm.main(ChildFixtures.BlockForever.class).name("sleeper").start();
        try (child) {
            await().atMost(WAIT).until(() -> child.stderrText().contains("ready"));
            assertThat(child.exitCode()).as("exitCode() while it runs").isEmpty();
            assertThatThrownBy(() -> child.join(Duration.ofMillis(300)))
                    .as("join(300 ms) of a child that never ends")
                    .isInstanceOf(ChildProcessTimeoutException.class)
                    .hasMessageContaining("'sleeper'")
                    .hasMessageContaining("pid " + child.pid())
                    .hasMessageContaining("300 ms")
                    .hasMessageContaining("ready");
            assertThat(child.isAlive())
                    .as("the child after join timed out: still running")
                    .isTrue();
        }
        assertThat(child.isAlive()).as("the child after close()").isFalse();
        assertThat(ProcessHandle.of(child.pid()))
                .as("the child's process after close()")
                .isEmpty();
        assertThat(child.exitCode())
                .as("exit code of a child killed by close(): 128 + SIGKILL")
                .hasValue(137);
        child.close(); // idempotent
    }

    @Test
    @DisplayName("kill() ends a running child; awaitSuccess then says it was killed")
    void kill() throws InterruptedException {
        try (ChildProcess child =
                ChildJvm.main(ChildFixtures.BlockForever.class).start()) {
            await().atMost(WAIT).until(() -> child.stderrText().contains("ready"));
            child.kill();
            assertThatThrownBy(() -> child.awaitSuccess(WAIT))
                    .as("awaitSuccess of a killed child")
                    .isInstanceOf(ChildProcessFailedException.class)
                    .hasMessageContaining("exit code 137")
                    .hasMessageContaining("SIGKILL");
        }
    }

    @Test
    @DisplayName("timeouts must be positive and not null")
    void badTimeouts() {
        try (ChildProcess child =
                ChildJvm.main(ChildFixtures.ExitWith.class).args("0").start()) {
            assertThatThrownBy(() -> child.join(Duration.ZERO))
                    .as("join(0)")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("positive");
            assertThatThrownBy(() -> child.join(Duration.ofSeconds(-1)))
                    .as("join(-1 s)")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> child.awaitSuccess(null))
                    .as("awaitSuccess(null)")
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    @DisplayName("a child can be joined from several threads at once")
    void concurrentJoins() throws Exception {
        try (ChildProcess child =
                ChildJvm.main(ChildFixtures.ExitWith.class).args("7").start()) {
            int[] seen = new int[2];
            Thread other = new Thread(() -> {
                try {
                    seen[1] = child.join(WAIT);
                } catch (InterruptedException e) {
                    seen[1] = -1;
                }
            });
            other.start();
            seen[0] = child.join(WAIT);
            other.join(WAIT.toMillis());
            assertThat(seen).as("exit code seen by two joining threads").containsExactly(7, 7);
        }
    }
}
