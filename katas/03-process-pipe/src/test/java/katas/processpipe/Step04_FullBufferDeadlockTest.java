package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import katas.kit.frame.Frame;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(4)
@DisplayName("Step 4: the full-buffer deadlock - both ends write more than the pipes hold before reading")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step04_FullBufferDeadlockTest {

    /**
     * 40,000 COUNT frames are 840 KB, their answers 520 KB: more than three times what the pipes (64 KiB each way),
     * the streams' buffers and the two inboxes hold together (about 11,000 requests and their answers, measured).
     */
    static final int REQUESTS = 40_000;

    /**
     * No progress for this long, with the writer still writing, is a deadlock: a healthy pipe moves in microseconds,
     * and even on a busy machine a running thread gets a turn many times in this long.
     */
    static final long STALLED_MILLIS = 2_500;

    static final String DEADLOCK = "Both ends wrote more than the pipe holds before reading -> deadlock. A pipe holds"
            + " 64 KiB (Linux); when it is full, write() waits until the other end reads. The child answers each"
            + " request before it reads the next, so when its answers fill the pipe back to the parent (and the"
            + " parent's bounded inbox), it stops reading requests; the parent, still writing requests, then waits"
            + " in write() for a child that waits for the parent. java.lang.Process warns of exactly this. Receive"
            + " the answers while the requests are still being sent: send them on another thread, or interleave"
            + " (a window of requests in flight, one more sent for each answer received)";

    static final String BOUNDED = "PipeEnd's inbox must be bounded (CAPACITY frames, as the stub says): when nobody"
            + " receives, the reader thread stops reading, the pipe fills, and the other end's writes wait"
            + " (back-pressure). An unbounded inbox reads everything into memory: a peer that floods it fills the"
            + " heap instead of being pushed back";

    @Test
    @DisplayName("shown on purpose: the parent writes 40,000 requests without reading the answers - after a bounded"
            + " wait both ends are stuck; then the parent reads and everything flows")
    void bothEndsWriteBeforeReading(TestReporter report) throws Exception {
        try (Conversation talk = Conversation.withCountingChild("counter")) {
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Throwable> writerFailed = new AtomicReference<>();
            Thread writer = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < REQUESTS; i++) {
                                talk.pipe.send(Protocol.count(1, 0));
                                sent.incrementAndGet();
                            }
                        } catch (Throwable t) {
                            writerFailed.set(t);
                        }
                    },
                    "parent-writer");
            writer.setDaemon(true);
            long start = System.nanoTime();
            writer.start();
            // The wrong order, on purpose, bounded: only write. Wait until the writer is done, or has made no
            // progress for STALLED_MILLIS.
            int last = -1;
            long lastChange = System.nanoTime();
            while (writer.isAlive() && System.nanoTime() - lastChange < TimeUnit.MILLISECONDS.toNanos(STALLED_MILLIS)) {
                writer.join(100);
                if (sent.get() != last) {
                    last = sent.get();
                    lastChange = System.nanoTime();
                }
                assertThat(System.nanoTime() - start)
                        .as("ns the writer has been writing (at most 30 s) without finishing or getting stuck")
                        .isLessThan(TimeUnit.SECONDS.toNanos(30));
            }
            assertThat(writerFailed.get())
                    .as("what the writing thread threw%s", talk.childSays())
                    .isNull();
            int stuckAt = sent.get();
            assertThat(writer.isAlive())
                    .as(
                            "the parent wrote all %,d requests (%,d bytes) while nobody received the answers, without"
                                    + " waiting: nothing pushed back. %s",
                            REQUESTS, REQUESTS * 21L, BOUNDED)
                    .isTrue();
            assertThat(talk.child.isAlive())
                    .as(
                            "the child while the parent's write is stuck: alive, stuck in its own write%s",
                            talk.childSays())
                    .isTrue();
            String deadlock = String.format(
                    Locale.ROOT,
                    "deadlock seen: the parent wrote %,d of %,d requests (%,d bytes), then no more for %.1f s; the"
                            + " child is alive, stuck writing its answers",
                    stuckAt,
                    REQUESTS,
                    stuckAt * 21L,
                    STALLED_MILLIS / 1000.0);
            System.out.println("  " + deadlock);
            report.publishEntry("deadlock", deadlock);
            // The way out: read. Every answer the parent takes makes room for the child's next one, the child reads
            // the next request, and the parent's write goes on.
            long reading = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                Frame answer = talk.next(
                        "answer " + (i + 1) + " of " + REQUESTS + " after the parent started reading",
                        Duration.ofSeconds(10),
                        "");
                if (!answer.equals(Protocol.result(1))) {
                    assertThat(answer).as("answer %d", i + 1).isEqualTo(Protocol.result(1));
                }
            }
            writer.join(10_000);
            assertThat(writer.isAlive())
                    .as("the writer after the parent read every answer")
                    .isFalse();
            assertThat(writerFailed.get()).as("what the writing thread threw").isNull();
            String flowed = String.format(
                    Locale.ROOT,
                    "reading released it: all %,d answers arrived %.2f s after the parent started reading",
                    REQUESTS,
                    (System.nanoTime() - reading) / 1e9);
            System.out.println("  " + flowed);
            report.publishEntry("released", flowed);
        }
    }

    @Test
    @DisplayName("countAll sends 40,000 requests and receives their answers at the same time: no deadlock, every"
            + " answer in order")
    void countAllDoesNotDeadlock(TestReporter report) throws Exception {
        long[] counts = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            counts[i] = i % 100;
        }
        try (ChildCounter counter = ChildCounter.start("counter")) {
            long start = System.nanoTime();
            CompletableFuture<long[]> all = CompletableFuture.supplyAsync(() -> {
                try {
                    return counter.countAll(counts, Duration.ofSeconds(60));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long[] results = awaitUnlessStuck(all, counter);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(results)
                    .as("countAll's answers: one per request, in order")
                    .containsExactly(counts);
            String measured = String.format(
                    Locale.ROOT,
                    "countAll: %,d requests and answers through one pipe in %.2f s (%,.0f round trips/s, pipelined)",
                    REQUESTS,
                    seconds,
                    REQUESTS / seconds);
            System.out.println("  " + measured);
            report.publishEntry("pipelined", measured);
        }
    }

    /**
     * Waits for countAll, but not for a deadlock: a child that answers requests uses the CPU, and one stuck in
     * write() uses none. When the child's CPU time stands still for {@link #STALLED_MILLIS} (or, where the operating
     * system does not tell it, after 30 s), the child is killed (which frees a parent stuck in write()) and the test
     * fails, explaining. A slow machine only makes it wait longer.
     */
    private static long[] awaitUnlessStuck(CompletableFuture<long[]> all, ChildCounter counter) throws Exception {
        ProcessHandle child = ProcessHandle.of(counter.pid()).orElseThrow();
        long start = System.nanoTime();
        Duration lastCpu = Duration.ZERO;
        long lastChange = start;
        while (true) {
            try {
                return all.get(250, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // see whether the child still works
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof IllegalStateException
                        ? e.getCause().getCause()
                        : e.getCause();
                throw new AssertionError(
                        "countAll(" + REQUESTS + " requests) failed: " + cause
                                + (cause instanceof TimeoutException ? ". " + DEADLOCK : ""),
                        cause);
            }
            long now = System.nanoTime();
            Duration cpu = child.info().totalCpuDuration().orElse(null);
            if (cpu != null && cpu.minus(lastCpu).toMillis() >= 20) {
                lastCpu = cpu;
                lastChange = now;
            }
            boolean stalled = cpu != null && now - lastChange > TimeUnit.MILLISECONDS.toNanos(STALLED_MILLIS);
            if (stalled || now - start > TimeUnit.SECONDS.toNanos(cpu == null ? 30 : 120)) {
                child.destroyForcibly(); // frees a parent stuck in write()
                throw new AssertionError(String.format(
                        Locale.ROOT,
                        "countAll(%,d requests) had not returned after %.1f s, %s. %s",
                        REQUESTS,
                        (now - start) / 1e9,
                        stalled
                                ? "and the child had used no CPU for the last " + STALLED_MILLIS / 1000.0
                                        + " s: it was stuck, not slow"
                                : "",
                        DEADLOCK));
            }
        }
    }

    @Test
    @DisplayName("countAll of no requests answers none; it refuses a negative count, a null array, a bad timeout")
    void countAllBadInput() throws Exception {
        try (ChildCounter counter = ChildCounter.start("counter")) {
            assertThat(counter.countAll(new long[0], Duration.ofSeconds(10)))
                    .as("countAll of no requests")
                    .isEmpty();
            Expect.thrownBy("countAll({1, -2}, ...)", () -> counter.countAll(new long[] {1, -2}, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalArgumentException.class);
            Expect.thrownBy("countAll(null, ...)", () -> counter.countAll(null, Duration.ofSeconds(5)))
                    .isInstanceOf(NullPointerException.class);
            Expect.thrownBy("countAll({1}, Duration.ZERO)", () -> counter.countAll(new long[] {1}, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(counter.countAll(new long[] {3, 0, 2}, Duration.ofSeconds(10)))
                    .as("countAll({3, 0, 2}) after the refused calls: nothing was sent for them")
                    .containsExactly(3, 0, 2);
        }
    }
}
