package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import katas.kit.frame.Frame;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.Telling;
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

    static final String DEADLOCK = "Both ends wrote more than the pipe holds before reading -> deadlock: each waits in"
            + " write() for the other to read. Receive the answers while the requests are still being sent (step 4,"
            + " Hints 2 and 3)";

    static final String BOUNDED = "PipeEnd's inbox must be bounded (CAPACITY frames): when nobody receives, the reader"
            + " must stop reading, so that the pipe pushes back (step 4, Hint 4)";

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
    @Telling
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

    static final String BYTES = "PipeEnd's inbox must be bounded in bytes too (CAPACITY_BYTES): large frames must not"
            + " make the reader read ahead a gigabyte while nobody receives (step 4, Hint 3)";

    /** Read ahead allowed: the inbox's bytes, one frame in the reader's hands, and a stream buffer. */
    static final long READ_AHEAD_LIMIT = PipeEnd.CAPACITY_BYTES + 2L * Protocol.MAX_PAYLOAD;

    @Test
    @Telling
    @Timeout(60)
    @DisplayName("a flood of 1 MiB frames that nobody receives: the reader stops after CAPACITY_BYTES, it does not"
            + " read a gigabyte ahead")
    void floodOfLargeFramesIsBoundedInBytes() throws Exception {
        Flood flood = new Flood(4 * READ_AHEAD_LIMIT);
        try (PipeEnd end = new PipeEnd("flood", flood, OutputStream.nullOutputStream())) {
            long start = System.nanoTime();
            long parkedAt = -1;
            while (true) {
                long served = flood.served;
                assertThat(served)
                        .as(
                                "bytes the reader read ahead from a flood of 1 MiB ERROR frames while nobody received"
                                        + " (at most %,d: CAPACITY_BYTES, one frame in hand, a buffer). %s",
                                READ_AHEAD_LIMIT, BYTES)
                        .isLessThanOrEqualTo(READ_AHEAD_LIMIT);
                Thread reader = flood.reader;
                boolean parked = reader != null
                        && !flood.reading
                        && (reader.getState() == Thread.State.WAITING
                                || reader.getState() == Thread.State.TIMED_WAITING);
                if (parked && parkedAt == served) {
                    break; // waiting for room, twice in a row at the same place: it reads no further
                }
                parkedAt = parked ? served : -1;
                assertThat(System.nanoTime() - start)
                        .as("ns until the reader stopped reading the flood (within 30 s). %s", BYTES)
                        .isLessThan(TimeUnit.SECONDS.toNanos(30));
                if (reader != null) {
                    reader.join(20); // a bounded wait: the reader does not end while the flood goes on
                } else {
                    Thread.onSpinWait();
                }
            }
            System.out.printf(
                    "  a flood of 1 MiB frames, nobody receiving: the reader stopped after %,d bytes%n", flood.served);
            assertThat(end.receive(Duration.ofSeconds(10)))
                    .as("the first frame of the flood, received after the reader stopped")
                    .isNotNull()
                    .extracting(Frame::kind)
                    .isEqualTo(Protocol.ERROR);
        }
    }

    /**
     * An endless stream of ERROR frames of 1 MiB (the protocol's limit), up to {@code max} bytes, then end of stream.
     * It notes which thread reads it, whether that thread is inside {@code read} now, and how much it has read.
     */
    static final class Flood extends InputStream {
        private final byte[] frame;
        private final long max;
        private int at;
        volatile long served;
        volatile Thread reader;
        volatile boolean reading;

        Flood(long max) throws IOException {
            this.max = max;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Protocol.CODEC.write(bytes, Frame.ofText(Protocol.ERROR, "f".repeat(Protocol.MAX_PAYLOAD)));
            frame = bytes.toByteArray();
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reading = true;
            reader = Thread.currentThread();
            try {
                if (served >= max) {
                    return -1;
                }
                int n = Math.min(len, frame.length - at);
                System.arraycopy(frame, at, b, off, n);
                at = (at + n) % frame.length;
                served += n;
                return n;
            } finally {
                reading = false;
            }
        }
    }

    @Test
    @DisplayName("24 frames of 1 MiB, six times CAPACITY_BYTES, through one pipe: receive gives the room back, all"
            + " arrive")
    void largeFramesKeepFlowing() throws Exception {
        Frame big = Frame.ofText(Protocol.ERROR, "b".repeat(Protocol.MAX_PAYLOAD));
        try (Pipes pipes = Pipes.duplex()) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 24; i++) {
                        pipes.left.send(big);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 24; i++) {
                Frame got = pipes.right.receive(Duration.ofSeconds(10));
                assertThat(got)
                        .as(
                                "frame %d of 24 of 1 MiB each: receive must give back the room a frame took in the"
                                        + " inbox, or the reader waits for ever once CAPACITY_BYTES have passed. %s",
                                i + 1, BYTES)
                        .isEqualTo(big);
            }
            sending.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(120)
    @DisplayName("a child floods its parent with ERROR frames of 1 MiB, its parent running with a heap of 64 MiB: the"
            + " parent does not run out of memory, and count fails with the child's error, quoted short")
    void floodUnderASmallHeap(TestReporter report) throws Exception {
        ChildProcess parent = ChildJvm.main(Fixtures.SmallHeapParent.class)
                .name("small-heap-parent")
                .jvmArgs("-Xmx64m", "-XX:+ExitOnOutOfMemoryError")
                .args("1100")
                .start();
        try (parent) {
            int code = parent.join(Duration.ofSeconds(100));
            Properties said = new Properties();
            said.load(new StringReader(parent.stdoutText()));
            assertThat(code)
                    .as(
                            "the exit code of a parent JVM with a 64 MiB heap, flooded with 1,100 ERROR frames of 1 MiB"
                                    + " (3: it ran out of memory, reading ahead). %s. Its standard error: %s",
                            BYTES, tail(parent.stderrText()))
                    .isZero();
            assertThat(said.getProperty("thrown"))
                    .as("what count threw in the flooded parent (%s)", said.getProperty("message"))
                    .isEqualTo(IOException.class.getName());
            assertThat(Long.parseLong(said.getProperty("message.controls")))
                    .as("control characters in count's message: %s", said.getProperty("message"))
                    .isZero();
            String measured = String.format(
                    Locale.ROOT,
                    "flood of 1,100 x 1 MiB under -Xmx64m: peak heap %.1f MiB (max %.0f MiB); count failed with a"
                            + " message of %s characters",
                    Long.parseLong(said.getProperty("peak.heap")) / 1048576.0,
                    Long.parseLong(said.getProperty("max.heap")) / 1048576.0,
                    said.getProperty("message.length"));
            System.out.println("  " + measured);
            report.publishEntry("flood", measured);
        }
    }

    @Test
    @Timeout(60)
    @DisplayName("countAll's timeout is for all the answers together: 300 requests to a child that answers each in"
            + " 20 ms, 6 s in all, make countAll fail at its 2 s timeout")
    void countAllTimeoutIsForAllTheAnswers() throws Exception {
        long[] counts = new long[300];
        java.util.Arrays.fill(counts, 7); // a slow child answers each after 20 ms: 6 s in all
        try (ChildCounter counter = ChildCounter.start(Fixtures.SlowChild.class, "slow")) {
            assertThat(counter.count(1, Duration.ofSeconds(30)))
                    .as("count(1), first: the child has started (a JVM's start is not part of the 2 s)")
                    .isEqualTo(1);
            long start = System.nanoTime();
            CompletableFuture<long[]> all = CompletableFuture.supplyAsync(() -> {
                try {
                    return counter.countAll(counts, Duration.ofSeconds(2));
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Throwable thrown;
            try {
                all.get(12, TimeUnit.SECONDS);
                throw new AssertionError(String.format(
                        Locale.ROOT,
                        "countAll(300 slow requests, timeout 2 s) returned every answer after %.1f s: the timeout is for"
                                + " all the answers together, not for each. %s",
                        (System.nanoTime() - start) / 1e9,
                        Step02_BothDirectionsTest.WHOLE));
            } catch (TimeoutException stillWaiting) {
                throw new AssertionError(
                        "countAll(300 slow requests, timeout 2 s) was still receiving 12 s later. "
                                + Step02_BothDirectionsTest.WHOLE,
                        stillWaiting);
            } catch (ExecutionException e) {
                thrown = e.getCause();
            }
            assertThat(thrown)
                    .as("what countAll(300 slow requests, timeout 2 s) threw. %s", Step02_BothDirectionsTest.WHOLE)
                    .isInstanceOf(TimeoutException.class);
        }
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 1_500 ? "..." + t.substring(t.length() - 1_500) : t;
    }
}
