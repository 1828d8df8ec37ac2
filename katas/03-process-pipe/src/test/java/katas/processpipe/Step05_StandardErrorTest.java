package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(5)
@DisplayName("Step 5: standard error - a child that logs a lot must not block the conversation")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step05_StandardErrorTest {

    /** How long one count may take: a child blocked on its standard error never answers, and fails here. */
    static final Duration ANSWER = Duration.ofSeconds(10);

    static final String STDERR = "A child has a third pipe, its standard error: when nobody reads it, it fills and the"
            + " child stops answering. Read it (the kit's Drain) or discard it, never merge it into standard output"
            + " (step 5, Hint 3)";

    /**
     * Waits at most {@code seconds} for {@code conversation}, run on another thread; a hang or a failure becomes an
     * explaining failure (a hang kills the child first, which frees whatever waits for it).
     */
    private static <T> T bounded(String what, CompletableFuture<T> conversation, ChildCounter counter, int seconds)
            throws Exception {
        try {
            return conversation.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException stuck) {
            ProcessHandle.of(counter.pid()).ifPresent(ProcessHandle::destroyForcibly);
            throw new AssertionError(what + " did not finish within " + seconds + " s. " + STDERR, stuck);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IllegalStateException
                            && e.getCause().getCause() != null
                    ? e.getCause().getCause()
                    : e.getCause();
            throw new AssertionError(what + " failed: " + cause + ". " + STDERR, cause);
        }
    }

    @Test
    @Telling
    @Timeout(30)
    @DisplayName("a child that writes 256 KiB to standard error before it answers: count answers")
    void noisyChildAnswers() throws Exception {
        try (ChildCounter counter = ChildCounter.start(Fixtures.NoisyChild.class, "noisy")) {
            long answer = bounded(
                    "count(1,000) on a child that first writes 256 KiB of log lines to its standard error",
                    CompletableFuture.supplyAsync(() -> {
                        try {
                            return counter.count(1_000, ANSWER);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }),
                    counter,
                    15);
            assertThat(answer).as("the noisy child's answer to count(1,000)").isEqualTo(1_000);
        }
    }

    @Test
    @DisplayName("a child that logs a line to standard error for every request: 5,000 requests, all answered")
    void loggingChildAnswersEveryRequest() throws Exception {
        int requests = 5_000;
        try (ChildCounter counter = ChildCounter.start(Fixtures.LoggingChild.class, "logger")) {
            long sum = bounded(
                    "5,000 counts on a child that logs about 100 bytes to standard error for each (500 KB in all)",
                    CompletableFuture.supplyAsync(() -> {
                        try {
                            long total = 0;
                            for (int i = 0; i < requests; i++) {
                                total += counter.count(i % 10, ANSWER);
                            }
                            return total;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }),
                    counter,
                    40);
            assertThat(sum)
                    .as("the sum of the logging child's answers to count(i %% 10)")
                    .isEqualTo(requests / 10 * 45L);
        }
    }
}
