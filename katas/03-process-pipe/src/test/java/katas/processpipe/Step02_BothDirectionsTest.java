package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(2)
@DisplayName("Step 2: both directions at once - the child streams progress while the parent keeps sending")
@ExtendWith(ProcessHygiene.class)
@Timeout(60)
class Step02_BothDirectionsTest {

    /** A count no child finishes during a test: only a STOP ends it. */
    static final long ENDLESS = Long.MAX_VALUE / 2;

    static final long EVERY = 1_000_000;

    static final Duration STOP_WITHIN = Duration.ofSeconds(10);

    static final String BOTH_WAYS = "While the child counts, the parent's STOP arrives on the other pipe: after each"
            + " PROGRESS, CountingChild.count must look for it without waiting, receive(Duration.ZERO) (step 2, Hint 2)";

    static final String PROGRESS =
            "CountingChild.count must send PROGRESS(i) after every progressEvery increments, then"
                    + " the RESULT; ChildCounter.count must pass each PROGRESS to onProgress and return the RESULT";

    @Test
    @DisplayName("the child reports its progress every 100,000 increments, then the result")
    void progressThenResult() throws Exception {
        List<Long> progress = new CopyOnWriteArrayList<>();
        try (ChildCounter counter = ChildCounter.start("counter")) {
            long result = counter.count(1_000_000, 100_000, progress::add, Duration.ofSeconds(10));
            assertThat(result)
                    .as("the result of count(1,000,000, progress every 100,000)")
                    .isEqualTo(1_000_000);
        }
        List<Long> all =
                LongStream.rangeClosed(1, 10).map(i -> i * 100_000).boxed().toList();
        assertThat(progress)
                .as(
                        "the progress reported while counting to 1,000,000 every 100,000 (the last one, at 1,000,000"
                                + " itself, may be left to the RESULT). %s",
                        PROGRESS)
                .isIn(all, all.subList(0, 9));
    }

    @Test
    @Telling
    @Timeout(40)
    @DisplayName("the parent sends STOP while the child counts and streams progress: the child stops, answers what it"
            + " counted, and serves the next request")
    void stopWhileCounting() throws Exception {
        try (ChildCounter counter = ChildCounter.start("counter")) {
            AtomicBoolean stopped = new AtomicBoolean();
            AtomicReference<Exception> stopFailed = new AtomicReference<>();
            List<Long> progress = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            long result;
            try {
                result = counter.count(
                        ENDLESS,
                        EVERY,
                        p -> {
                            progress.add(p);
                            if (p >= 3 * EVERY && stopped.compareAndSet(false, true)) {
                                try {
                                    counter.stop(); // from inside the receiving loop: a send while receiving
                                } catch (Exception e) {
                                    stopFailed.set(e);
                                }
                            }
                        },
                        STOP_WITHIN);
            } catch (TimeoutException e) {
                throw new AssertionError(
                        "count(endless, progress every 1,000,000) went on for " + STOP_WITHIN.toSeconds()
                                + " s after the parent sent STOP at progress 3,000,000 (progress seen: "
                                + progress.size() + " reports). " + BOTH_WAYS,
                        e);
            }
            assertThat(stopFailed.get()).as("what stop() threw").isNull();
            assertThat(progress)
                    .as("progress seen before the STOP took effect. %s", PROGRESS)
                    .isNotEmpty();
            assertThat(result)
                    .as("the result after STOP: what the child had counted when it saw the STOP, at least the"
                            + " 3,000,000 it had reported, far less than asked")
                    .isBetween(3 * EVERY, ENDLESS - 1);
            System.out.printf(
                    "  STOP at progress 3,000,000: the child answered %,d after %.2f s%n",
                    result, (System.nanoTime() - start) / 1e9);
            assertThat(counter.count(10, Duration.ofSeconds(10)))
                    .as("count(10) after the stopped count: the conversation goes on")
                    .isEqualTo(10);
        }
    }

    @Test
    @DisplayName("another parent thread sends STOP while this one receives the progress: both directions in use at"
            + " once on both sides")
    void stopFromAnotherThread() throws Exception {
        try (ChildCounter counter = ChildCounter.start("counter")) {
            CountDownLatch counting = new CountDownLatch(2);
            CompletableFuture<Long> count = CompletableFuture.supplyAsync(() -> {
                try {
                    return counter.count(ENDLESS, EVERY, p -> counting.countDown(), STOP_WITHIN);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(counting.await(10, TimeUnit.SECONDS))
                    .as(
                            "two PROGRESS reports arrived within 10 s of count(endless, progress every 1,000,000). %s",
                            PROGRESS)
                    .isTrue();
            counter.stop();
            long result;
            try {
                result = count.get(STOP_WITHIN.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError(
                        "count(endless) failed after another thread sent STOP: " + e.getCause() + ". " + BOTH_WAYS,
                        e.getCause());
            }
            assertThat(result).as("the stopped count's result").isBetween(2 * EVERY, ENDLESS - 1);
        }
    }

    @Test
    @DisplayName("a STOP that arrives between counts is ignored: the next count counts in full")
    void lateStopIsIgnored() throws Exception {
        try (ChildCounter counter = ChildCounter.start("counter")) {
            assertThat(counter.count(1_000, Duration.ofSeconds(10)))
                    .as("count(1,000)")
                    .isEqualTo(1_000);
            counter.stop();
            List<Long> progress = new CopyOnWriteArrayList<>();
            assertThat(counter.count(1_000_000, 100_000, progress::add, Duration.ofSeconds(10)))
                    .as("count(1,000,000, progress every 100,000) after a STOP sent between counts: that STOP"
                            + " came too late for the count before; the child serves a STOP between"
                            + " counts by ignoring it, and it must not stop the next count")
                    .isEqualTo(1_000_000);
        }
    }

    static final String WHOLE = "count's timeout is for the whole conversation, not for each frame: one deadline when"
            + " count starts, and each receive gets what is left of it (step 2, Hint 3)";

    @Test
    @Telling
    @Timeout(30)
    @DisplayName("count's timeout is for the whole conversation: a child that streams progress for ever and never"
            + " answers makes count fail at its timeout, not wait for ever")
    void timeoutIsForTheWholeConversation() throws Exception {
        try (ChildCounter counter = ChildCounter.start("streamer")) {
            assertThat(counter.count(1, Duration.ofSeconds(30)))
                    .as("count(1), first: the child has started (a JVM's start is not part of the 2 s)")
                    .isEqualTo(1);
            Duration timeout = Duration.ofSeconds(2);
            long start = System.nanoTime();
            CompletableFuture<Long> count = CompletableFuture.supplyAsync(() -> {
                try {
                    return counter.count(ENDLESS, 100_000, p -> {}, timeout);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Throwable thrown;
            try {
                long result = count.get(12, TimeUnit.SECONDS);
                throw new AssertionError("count(endless, progress every 100,000, timeout 2 s) returned " + result
                        + " from a child that never answers");
            } catch (TimeoutException stillWaiting) {
                throw new AssertionError(
                        "count(endless, progress every 100,000, timeout 2 s) was still waiting 12 s later, while the"
                                + " child streamed PROGRESS and never answered. " + WHOLE,
                        stillWaiting);
            } catch (ExecutionException e) {
                thrown = e.getCause();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .as("what count(endless, timeout 2 s) threw after %d ms. %s", millis, WHOLE)
                    .isInstanceOf(TimeoutException.class);
            assertThat(millis)
                    .as("ms until count(timeout 2 s) timed out: at its timeout, not before. %s", WHOLE)
                    .isGreaterThanOrEqualTo(1_900L);
        }
    }
}
