package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import katas.kit.frame.Frame;
import katas.kit.frame.FrameException;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(1)
@DisplayName("Step 1: request and response - one end each side, many round trips on one pipe")
@ExtendWith(ProcessHygiene.class)
@Timeout(60)
class Step01_RequestResponseTest {

    static final Duration ANSWER = Duration.ofSeconds(10);

    static final String FLUSH = "A frame that stays in a buffer never reaches the other end: Sender.send must flush"
            + " after every frame (step 1, Hint 2)";

    static final String TIMEOUT = "receive must wait at most its timeout, then return null: poll the inbox with the"
            + " timeout (BlockingQueue.poll(time, unit)), do not take() (which waits for ever)";

    static final String CODEC = "Write and read frames with Protocol.CODEC (given): a kind byte, a 4-byte length and"
            + " the payload; the codec checks them";

    @Test
    @Telling
    @Timeout(10)
    @DisplayName("a Sender writes the whole frame with Protocol.CODEC and flushes it, every frame")
    void senderWritesAndFlushes() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Sender sender = new Sender(new BufferedOutputStream(wire, 8192));
        sender.send(Protocol.count(5, 2));
        assertThat(wire.toByteArray())
                .as(
                        "the bytes that reached the stream under an 8 KiB buffer after send(COUNT 5, 2): the kind 'C',"
                                + " the length 16, two longs, and flushed. %s. %s",
                        FLUSH, CODEC)
                .containsExactly('C', 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 2);
        for (int i = 2; i <= 200; i++) {
            sender.send(Protocol.result(i));
            assertThat(wire.size())
                    .as(
                            "bytes on the wire after send number %d (frames of 21 and 13 bytes): each frame must be"
                                    + " there as soon as its send returns. %s",
                            i, FLUSH)
                    .isEqualTo(21 + 13 * (i - 1));
        }
        Expect.thrownBy(
                        "send of a COUNT frame with one long instead of two: the protocol refuses it (the codec"
                                + " checks it), and nothing is written",
                        () -> sender.send(Frame.ofLongs(Protocol.COUNT, 1)))
                .isInstanceOf(FrameException.class);
        assertThat(wire.size()).as("bytes on the wire after the refused frame").isEqualTo(21 + 13 * 199);
    }

    static final String DAEMON = "PipeEnd's reader thread waits in read() while the other end is open: it must be a"
            + " daemon, or it keeps the JVM alive after main returns, and close() must end it (step 1, Hint 2)";

    @Test
    @Telling
    @Timeout(30)
    @DisplayName("a child whose main returns without closing its end still ends: the reader thread is a daemon")
    void readerThreadIsADaemon() throws Exception {
        try (Conversation talk = Conversation.with(Fixtures.ReturnsWithoutClosing.class, "forgetful")) {
            assertThat(talk.next("the RESULT(1) the child sends before its main returns", ANSWER, FLUSH))
                    .as("what the forgetful child sent")
                    .isEqualTo(Protocol.result(1));
            int code;
            try {
                code = talk.child.join(Duration.ofSeconds(10));
            } catch (katas.kit.process.ChildProcessTimeoutException stillRunning) {
                throw new AssertionError(
                        "the child's main returned (without closing its PipeEnd), and 10 s later its JVM still ran,"
                                + " while the parent kept its end of the pipe open. " + DAEMON + talk.childSays(),
                        stillRunning);
            }
            assertThat(code)
                    .as("the forgetful child's exit code%s", talk.childSays())
                    .isZero();
        }
    }

    @Test
    @Telling
    @Timeout(30)
    @DisplayName("close() ends the reader thread and closes the stream it reads, also while the other end stays open")
    void closeEndsTheReader() throws Exception {
        java.nio.channels.Pipe toEnd = java.nio.channels.Pipe.open();
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        PipeEnd end = new PipeEnd(
                "an end that stays open",
                java.nio.channels.Channels.newInputStream(toEnd.source()),
                OutputStream.nullOutputStream());
        try {
            java.util.List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .toList();
            end.close();
            for (Thread t : started) {
                t.join(5_000);
                assertThat(t.isAlive())
                        .as(
                                "whether the thread '%s' that new PipeEnd(...) started still runs 5 s after close(),"
                                        + " the other end still open. %s",
                                t.getName(), DAEMON)
                        .isFalse();
            }
            assertThat(toEnd.source().isOpen())
                    .as("whether the stream the PipeEnd read is still open after close(). %s", DAEMON)
                    .isFalse();
        } finally {
            end.close();
            toEnd.sink().close();
            toEnd.source().close();
        }
    }

    @Test
    @Timeout(20)
    @DisplayName("a frame sent at one end arrives whole at the other, both ways (two operating-system pipes)")
    void bothWaysInThisJvm() throws Exception {
        try (Pipes pipes = Pipes.duplex()) {
            pipes.left.send(Protocol.count(7, 0));
            assertThat(pipes.right.receive(ANSWER))
                    .as("what the right end received after the left end sent COUNT(7, 0). %s", FLUSH)
                    .isEqualTo(Protocol.count(7, 0));
            pipes.right.send(Protocol.result(7));
            pipes.right.send(Protocol.error("x".repeat(200_000)));
            assertThat(pipes.left.receive(ANSWER))
                    .as("what the left end received after the right end sent RESULT(7)")
                    .isEqualTo(Protocol.result(7));
            assertThat(pipes.left.receive(ANSWER))
                    .as("an ERROR frame of 200,000 bytes, three times what the pipe holds: it arrives whole")
                    .isEqualTo(Protocol.error("x".repeat(200_000)));
        }
    }

    @Test
    @Telling
    @Timeout(10)
    @DisplayName("receive waits at most its timeout and returns null if nothing came; Duration.ZERO does not wait")
    void receiveTimesOut() throws Exception {
        try (Pipes pipes = Pipes.duplex()) {
            long[] millis = {-1};
            Frame got = bounded("receive(300 ms) when nothing was sent", () -> {
                long start = System.nanoTime();
                Frame frame = pipes.right.receive(Duration.ofMillis(300));
                millis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                return frame;
            });
            assertThat(got).as("receive(300 ms) when nothing was sent: null").isNull();
            assertThat(millis[0])
                    .as("how long receive(300 ms) waited, in ms: about its timeout, not 0 and not forever. %s", TIMEOUT)
                    .isBetween(250L, 5_000L);
            got = bounded("receive(Duration.ZERO) when nothing was sent", () -> {
                long start = System.nanoTime();
                Frame frame = pipes.right.receive(Duration.ZERO);
                millis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                return frame;
            });
            assertThat(got).as("receive(Duration.ZERO) when nothing was sent").isNull();
            assertThat(millis[0])
                    .as(
                            "ms receive(Duration.ZERO) took: it looks, it does not wait (zero is not 'for ever'). %s",
                            TIMEOUT)
                    .isLessThan(1_000L);
        }
    }

    /** Runs a receive on another thread and waits 5 s for it: a receive that ignores its timeout fails, explained. */
    private static Frame bounded(String what, Callable<Frame> receive) throws Exception {
        FutureTask<Frame> call = new FutureTask<>(receive);
        Thread thread = new Thread(call, "receiver");
        thread.setDaemon(true);
        thread.start();
        try {
            return call.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException hung) {
            thread.interrupt();
            throw new AssertionError(what + " had not returned after 5 s. " + TIMEOUT, hung);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Test
    @Timeout(20)
    @DisplayName("a waiting receive returns as soon as a frame arrives")
    void receiveWakesUp() throws Exception {
        try (Pipes pipes = Pipes.duplex()) {
            CompletableFuture<Frame> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return pipes.right.receive(Duration.ofSeconds(20));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Expect.thrownBy(
                            "receive(20 s) must still be waiting 200 ms later: nothing was sent yet",
                            () -> waiting.get(200, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
            long start = System.nanoTime();
            pipes.left.send(Protocol.result(42));
            assertThat(waiting.get(5, TimeUnit.SECONDS))
                    .as("what the waiting receive returned")
                    .isEqualTo(Protocol.result(42));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("ms from send to the waiting receive's return: it is woken, it does not sleep its timeout")
                    .isLessThan(2_000L);
        }
    }

    @Test
    @DisplayName("CountingChild.count counts one by one, in this JVM")
    void countCounts() throws Exception {
        assertThat(CountingChild.count(1_000, 0, null))
                .as("CountingChild.count(1000, 0, null)")
                .isEqualTo(1_000);
        assertThat(CountingChild.count(0, 0, null))
                .as("CountingChild.count(0, 0, null)")
                .isZero();
        Expect.thrownBy("CountingChild.count(-1, 0, null)", () -> CountingChild.count(-1, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(30)
    @DisplayName("a CountingChild answers 1,000 requests on one pipe, each COUNT with its RESULT, in order")
    void manyRoundTrips(TestReporter report) throws Exception {
        try (Conversation talk = Conversation.withCountingChild("counter")) {
            talk.pipe.send(Protocol.count(12_345, 0));
            assertThat(talk.next("the RESULT of the first COUNT(12,345)", ANSWER, FLUSH))
                    .as("the child's answer to COUNT(12,345, no progress)")
                    .isEqualTo(Protocol.result(12_345));
            int trips = 1_000;
            long start = System.nanoTime();
            for (int i = 0; i < trips; i++) {
                talk.pipe.send(Protocol.count(i, 0));
                Frame answer = talk.next("the RESULT of COUNT(" + i + ")", ANSWER, FLUSH);
                if (!answer.equals(Protocol.result(i))) {
                    assertThat(answer)
                            .as(
                                    "the answer to request %d of %d, COUNT(%d): one RESULT per request, in order",
                                    i, trips, i)
                            .isEqualTo(Protocol.result(i));
                }
            }
            double micros = (System.nanoTime() - start) / 1e3 / trips;
            String measured = String.format(
                    Locale.ROOT,
                    "round trip over a child's stdin/stdout: %,d requests in %.0f ms, %.1f us each",
                    trips,
                    micros * trips / 1e3,
                    micros);
            System.out.println("  " + measured);
            report.publishEntry("round-trip", measured);
        }
    }

    @Test
    @Telling
    @Timeout(30)
    @DisplayName("a child that prints a log line with System.out.println does not corrupt the pipe: childEnd()"
            + " points System.out at standard error")
    void strayPrintlnGoesToStandardError() throws Exception {
        try (Conversation talk = Conversation.with(Fixtures.ChattyChild.class, "chatty")) {
            talk.pipe.send(Protocol.count(3, 0));
            assertThat(talk.next(
                            "the RESULT of COUNT(3) from a child that printed a line with System.out.println",
                            ANSWER,
                            "A stray System.out.println in the child writes text into the pipe: PipeEnd.childEnd()"
                                    + " must point System.out at System.err (step 1, Hint 3)"))
                    .as("the answer of the chatty child")
                    .isEqualTo(Protocol.result(3));
            // The child wrote the line before it answered, but the parent reads its standard error on a thread
            // of its own: wait (bounded) until that thread has read it.
            org.awaitility.Awaitility.await("the chatty child's log line on its standard error")
                    .atMost(java.time.Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(talk.child.stderrText())
                            .as("the chatty child's standard error: its System.out line went there")
                            .contains("chatty child: a log line"));
        }
    }

    @Test
    @Timeout(30)
    @DisplayName("ChildCounter: start a CountingChild, count on it many times, close it: the child is gone")
    void childCounter() throws Exception {
        long pid;
        try (ChildCounter counter = ChildCounter.start("counter")) {
            pid = counter.pid();
            assertThat(counter.name()).as("the ChildCounter's name").isEqualTo("counter");
            assertThat(counter.count(1_000_000, ANSWER))
                    .as("count(1,000,000) on a CountingChild")
                    .isEqualTo(1_000_000);
            for (long n = 0; n < 100; n++) {
                assertThat(counter.count(n, ANSWER))
                        .as("count(%d): one request, one answer, on the same pipe", n)
                        .isEqualTo(n);
            }
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("whether the child (pid %d) still runs after close(): close ends it", pid)
                .isFalse();
    }

    @Test
    @Timeout(30)
    @DisplayName("refuses bad input: null frames and timeouts, negative timeouts and counts, use after close")
    void refusesBadInput() throws Exception {
        Expect.thrownBy("new Sender(null)", () -> new Sender(null)).isInstanceOf(NullPointerException.class);
        try (Pipes pipes = Pipes.duplex()) {
            Expect.thrownBy("receive(null)", () -> pipes.left.receive(null)).isInstanceOf(NullPointerException.class);
            Expect.thrownBy("receive(-1 ms)", () -> pipes.left.receive(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            Expect.thrownBy("send(null)", () -> pipes.left.send(null)).isInstanceOf(NullPointerException.class);
            pipes.left.close();
            pipes.left.close(); // idempotent
            Expect.thrownBy("send after close()", () -> pipes.left.send(Protocol.stop()))
                    .isInstanceOf(IllegalStateException.class);
            Expect.thrownBy("receive after close()", () -> pipes.left.receive(Duration.ZERO))
                    .isInstanceOf(IllegalStateException.class);
        }
        try (ChildCounter counter = ChildCounter.start("counter")) {
            Expect.thrownBy("count(-1, ...)", () -> counter.count(-1, ANSWER))
                    .isInstanceOf(IllegalArgumentException.class);
            Expect.thrownBy("count(1, Duration.ZERO)", () -> counter.count(1, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            Expect.thrownBy("count(1, null)", () -> counter.count(1, null)).isInstanceOf(NullPointerException.class);
            assertThat(counter.count(2, ANSWER))
                    .as("count(2) after the refused calls: nothing was sent for them")
                    .isEqualTo(2);
        }
        Expect.thrownBy(
                        "ChildCounter.start(String.class, ...): no main method",
                        () -> ChildCounter.start(String.class, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
