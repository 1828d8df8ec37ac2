package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.ChildProcessTimeoutException;
import katas.kit.process.KitFiles;
import katas.kit.socket.RefusedException;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(6)
@DisplayName("Step 6: the lesson - worker processes count alone, the parent sums what they put")
@ExtendWith(ProcessHygiene.class)
@Timeout(120)
class Step06_LessonTest {

    /** The lesson takes 0.2 to 4 s here (under load); a lesson that hangs fails within 10 s. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final String EVERY_END = "The parent must take messages until it holds the end marker of EVERY worker (one"
            + " per worker, counted by name), not stop at the first end marker it sees: other workers may still"
            + " be sending";

    static final String ONE_DEADLINE = "The timeout is for the whole run: one deadline at the start, and each take()"
            + " and each join gets only what is left of it (step 6, Hint 3)";

    @Test
    @DisplayName("a CountingWorker process puts its count, then its end marker, under its own name")
    void workerProcessPutsItsCount() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                ChildProcess worker = queue.startWorker("worker-1", CountingWorker.class, "12345")) {
            assertThat(Fixtures.take(queue, Duration.ofSeconds(8)))
                    .as("the first message of CountingWorker <socket> worker-1 12345: its count")
                    .isEqualTo(new ProcessQueue.Message("worker-1", new Frame.Value(12_345)));
            assertThat(Fixtures.take(queue, Duration.ofSeconds(8)))
                    .as("its second message: the end marker")
                    .isEqualTo(new ProcessQueue.Message("worker-1", new Frame.End()));
            worker.awaitSuccess(Duration.ofSeconds(8));
        }
        try (ChildProcess worker = ChildJvm.main(CountingWorker.class)
                .shortLived()
                .args("only-one-argument")
                .start()) {
            assertThat(worker.join(Duration.ofSeconds(8)))
                    .as("exit code of CountingWorker run with 1 argument instead of <socket> <name> <count>")
                    .isNotZero();
        }
    }

    @Test
    @DisplayName("the lesson: 2 worker processes x 50,000,000 sum to exactly 100,000,000")
    void theLesson(TestReporter report) throws Exception {
        long start = System.nanoTime();
        long total = Lesson.countWithWorkers(2, 50_000_000, TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(total)
                .as(
                        "Lesson.countWithWorkers(2, 50,000,000): each process counts in its own memory, so"
                                + " nothing is lost; the parent adds the two results. %s",
                        EVERY_END)
                .isEqualTo(100_000_000);
        String measured = String.format(
                "the lesson with processes: 2 x 50,000,000 = %,d in %.2f s (child JVM starts included)",
                total, seconds);
        System.out.println("  " + measured);
        report.publishEntry("lesson", measured);
        Expect.thrownBy("countWithWorkers(0, 10, ...)", () -> Lesson.countWithWorkers(0, 10, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy("countWithWorkers(2, -1, ...)", () -> Lesson.countWithWorkers(2, -1, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy(
                        "sumFromWorkers(..., Duration.ZERO, ...)",
                        () -> Lesson.sumFromWorkers(1, CountingWorker.class, Duration.ZERO, "1"))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy("sumFromWorkers(1, null, ...)", () -> Lesson.sumFromWorkers(1, null, TIMEOUT))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("4 workers that finish at different times: the parent drains until every worker's end marker")
    void drainsUntilEveryEndMarker() throws Exception {
        // worker-i puts the value 1, i x 5,000 times: worker-1 ends long before worker-4.
        long total;
        try {
            total = Lesson.sumFromWorkers(4, Fixtures.StaggeredProducer.class, TIMEOUT, "5000");
        } catch (ChildProcessTimeoutException | TimeoutException e) {
            throw new AssertionError(
                    "Lesson.sumFromWorkers(4 staggered workers) timed out: " + e.getMessage()
                            + ". Workers were blocked writing: the parent stopped taking before it had every"
                            + " worker's end marker (step 6, Hint 3), or joined a worker before draining it (step 7)",
                    e);
        }
        assertThat(total)
                .as("sum from 4 workers putting 5,000 + 10,000 + 15,000 + 20,000 ones. %s", EVERY_END)
                .isEqualTo(50_000);
    }

    @Test
    @DisplayName("the timeout is for the whole run: one deadline for every take and every join, not one each")
    void oneDeadlineForEverything() {
        // One worker puts 10 values, 400 ms apart: each take is quick, all of them take 4 s.
        long start = System.nanoTime();
        Throwable trickled = catchThrowable(
                () -> Lesson.sumFromWorkers(1, Fixtures.TrickleProducer.class, Duration.ofSeconds(2), "10", "400"));
        long trickleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(trickled)
                .as(
                        "Lesson.sumFromWorkers(timeout 2 s) with a worker whose 10 values take 4 s, each 400 ms after"
                                + " the last: a timeout after about 2 s, not the sum. %s",
                        ONE_DEADLINE)
                .isInstanceOfAny(TimeoutException.class, ChildProcessTimeoutException.class);
        assertThat(trickleMillis)
                .as("ms until it gave up, for a timeout of 2 s. %s", ONE_DEADLINE)
                .isLessThan(3_500);
        // Two workers end at once and linger: worker-1 exits about 1.5 s later, worker-2 about 3 s later.
        start = System.nanoTime();
        Throwable lingered = catchThrowable(
                () -> Lesson.sumFromWorkers(2, Fixtures.LingeringProducer.class, Duration.ofMillis(2_500), "1500"));
        long lingerMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(lingered)
                .as(
                        "Lesson.sumFromWorkers(timeout 2.5 s) with 2 workers that send at once but exit 1.5 s and 3 s"
                                + " later: the second join has only what is left of the 2.5 s, and times out. %s",
                        ONE_DEADLINE)
                .isInstanceOfAny(TimeoutException.class, ChildProcessTimeoutException.class);
        assertThat(lingerMillis)
                .as("ms until it gave up, for a timeout of 2.5 s. %s", ONE_DEADLINE)
                .isLessThan(4_000);
    }

    @Test
    @DisplayName(
            "intruders during the lesson (no secret, a wrong one, as worker-1, under a new name) are refused, never counted")
    void intrudersAreRefused() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            Probe probe = new Probe();
            probe.start();
            long total;
            try {
                total = Lesson.countWithWorkers(2, 50_000_000, TIMEOUT);
            } finally {
                probe.stop = true;
                probe.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertThat(probe.isAlive())
                    .as("the intruders' thread, 10 s after the lesson ended: join it before reading what it saw")
                    .isFalse();
            assertThat(total)
                    .as(
                            "the lesson's total while intruders connected to its queue (%s): exactly 100,000,000."
                                    + " Only producers that answer the challenge with the queue's secret may put"
                                    + " (step 5, Hint 2)",
                            probe.outcomes.entrySet().stream()
                                    .map(e -> e.getKey() + ": " + e.getValue().split(":", 2)[0])
                                    .sorted()
                                    .toList())
                    .isEqualTo(100_000_000);
            if (probe.outcomes.values().stream().anyMatch(o -> o.startsWith("gone"))) {
                continue; // the lesson was over before the intruders were done: try again
            }
            assertThat(probe.outcomes)
                    .as("what each intruder's connect saw: refused, with the queue's reason (the secret)")
                    .hasSize(4)
                    .allSatisfy((who, what) ->
                            assertThat(what).startsWith("refused").contains("secret"));
            System.out.println("  intruders refused during the lesson (attempt " + attempt + "): " + probe.outcomes);
            return;
        }
        throw new AssertionError("in 3 lessons, the intruders never found the lesson's queue still open: is the"
                + " socket in the directory KitFiles.createPrivateDirectory() makes, as " + ProcessQueue.SOCKET_FILE
                + "?");
    }

    @Test
    @DisplayName("a flood of 200 connections that say nothing (and some that send garbage) during the lesson: no worker"
            + " is kept out, the total stays exact")
    void floodDuringTheLesson() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            Flood flood = new Flood(200, 10);
            flood.start();
            long start = System.nanoTime();
            long total;
            try {
                total = Lesson.countWithWorkers(2, 50_000_000, FLOOD_TIMEOUT);
            } catch (QueueException | TimeoutException e) {
                throw new AssertionError(
                        "the lesson failed while " + flood.summary() + ": " + e.getMessage() + ". Strangers that have"
                                + " not answered the challenge must never take a worker's place",
                        e);
            } finally {
                flood.stop = true;
                flood.join(TimeUnit.SECONDS.toMillis(10));
                flood.closeAll();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(flood.isAlive())
                    .as("the flood's thread, 10 s after the lesson ended")
                    .isFalse();
            assertThat(total)
                    .as("the lesson's total while %s: exactly 100,000,000", flood.summary())
                    .isEqualTo(100_000_000);
            if (flood.silent.get() < flood.silentWanted) {
                continue; // the lesson was over before the flood was: try again
            }
            System.out.printf(
                    "  the lesson during a flood (attempt %d): %s; 100,000,000 in %.2f s%n",
                    attempt, flood.summary(), seconds);
            return;
        }
        throw new AssertionError("in 3 lessons, the flood never got all its connections in while the queue was open");
    }

    /** The lesson's timeout when strangers flood its queue: they may delay it by a few seconds, never break it. */
    static final Duration FLOOD_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Waits for the next lesson's queue to appear, then connects {@code silentWanted} clients that say nothing
     * (blocking connects, no read, no write: the connection stays open), then {@code garbageWanted} that send 32
     * random bytes where the answer belongs and a Hello as 'worker-1'. Keeps them all open until the test closes
     * them.
     */
    static final class Flood extends Thread {
        final int silentWanted;
        final int garbageWanted;
        final java.util.concurrent.atomic.AtomicInteger silent = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger garbage = new java.util.concurrent.atomic.AtomicInteger();
        final List<java.nio.channels.SocketChannel> channels =
                java.util.Collections.synchronizedList(new ArrayList<>());
        volatile String problem;
        volatile boolean stop;
        volatile long found;
        volatile long finished;
        private final Set<Path> before = new HashSet<>(Probe.queueDirectories());

        Flood(int silentWanted, int garbageWanted) {
            super("flood");
            setDaemon(true);
            this.silentWanted = silentWanted;
            this.garbageWanted = garbageWanted;
        }

        @Override
        public void run() {
            Path[] found = new Path[1];
            try {
                await("the lesson's queue socket")
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(2))
                        .until(() -> {
                            if (stop) {
                                return true;
                            }
                            for (Path dir : Probe.queueDirectories()) {
                                if (!before.contains(dir) && Files.exists(dir.resolve(ProcessQueue.SOCKET_FILE))) {
                                    found[0] = dir.resolve(ProcessQueue.SOCKET_FILE);
                                    return true;
                                }
                            }
                            return false;
                        });
            } catch (RuntimeException notFound) {
                problem = "no new queue socket appeared: " + notFound.getMessage();
                return;
            }
            if (found[0] == null) {
                return;
            }
            this.found = System.nanoTime();
            java.net.UnixDomainSocketAddress address = java.net.UnixDomainSocketAddress.of(found[0]);
            byte[] hello = helloBytes("worker-1");
            try {
                for (int i = 0; i < silentWanted + garbageWanted && !stop; i++) {
                    java.nio.channels.SocketChannel channel =
                            java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                    channels.add(channel);
                    channel.connect(address); // blocking: it returns once the connection is queued
                    if (i < silentWanted) {
                        silent.incrementAndGet();
                        continue;
                    }
                    byte[] noise = new byte[32];
                    new SecureRandom().nextBytes(noise);
                    try {
                        channel.write(java.nio.ByteBuffer.wrap(noise));
                        channel.write(java.nio.ByteBuffer.wrap(hello));
                    } catch (IOException refusedMeanwhile) {
                        // The queue refused and closed it: what it should do.
                    }
                    garbage.incrementAndGet();
                }
                finished = System.nanoTime();
            } catch (IOException e) {
                if (!stop) {
                    problem = "a connect of the flood failed: " + e;
                }
            }
        }

        static byte[] helloBytes(String name) {
            try {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
                out.writeByte('H');
                byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
                return bytes.toByteArray();
            } catch (IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            }
        }

        String summary() {
            return String.format(
                    "a flood of %d of %d connections that said nothing and %d of %d that sent garbage was connected"
                            + " to its queue%s%s",
                    silent.get(),
                    silentWanted,
                    garbage.get(),
                    garbageWanted,
                    finished == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT, " (all in %d ms)", TimeUnit.NANOSECONDS.toMillis(finished - found)),
                    problem == null ? "" : " (" + problem + ")");
        }

        void closeAll() {
            synchronized (channels) {
                for (java.nio.channels.SocketChannel channel : channels) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // Closing anyway.
                    }
                }
            }
        }
    }

    /**
     * Waits for the next lesson's queue to appear (a new katas-&lt;pid&gt;-&lt;run&gt;- directory with the socket in
     * it), then connects four intruders to it, one after the other, and records what each saw.
     */
    static final class Probe extends Thread {
        final Map<String, String> outcomes = new ConcurrentHashMap<>();
        volatile boolean stop;
        private final Set<Path> before = new HashSet<>(queueDirectories());

        Probe() {
            super("intruder-probe");
            setDaemon(true);
        }

        @Override
        public void run() {
            Path[] found = new Path[1];
            try {
                await("the lesson's queue socket")
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(2))
                        .until(() -> {
                            if (stop) {
                                return true;
                            }
                            for (Path dir : queueDirectories()) {
                                if (!before.contains(dir) && Files.exists(dir.resolve(ProcessQueue.SOCKET_FILE))) {
                                    found[0] = dir.resolve(ProcessQueue.SOCKET_FILE);
                                    return true;
                                }
                            }
                            return false;
                        });
            } catch (RuntimeException notFound) {
                outcomes.put("probe", "gone: no new queue socket appeared: " + notFound.getMessage());
                return;
            }
            Path socket = found[0];
            if (socket == null) {
                outcomes.put("probe", "gone: the lesson ended before its queue was found");
                return;
            }
            intrude(socket, "no secret (frames, no answer)", () -> {
                try (Fixtures.RawClient raw = Fixtures.RawClient.connect(socket)) {
                    List<Frame> frames = new ArrayList<>(List.of(new Frame.Hello("intruder")));
                    for (int i = 0; i < 100; i++) {
                        frames.add(new Frame.Value(1_000));
                    }
                    frames.add(new Frame.End());
                    raw.send(frames.toArray(Frame[]::new)).skipNonce();
                    raw.awaitWelcome();
                    raw.send(new Frame.Value(1_000), new Frame.End());
                }
            });
            intrude(socket, "a wrong secret, as 'intruder'", () -> putThousand(socket, "intruder"));
            intrude(socket, "a wrong secret, as 'worker-1'", () -> putThousand(socket, "worker-1"));
            intrude(socket, "a wrong secret, as 'worker-3'", () -> putThousand(socket, "worker-3"));
        }

        private static void putThousand(Path socket, String name) throws IOException {
            byte[] guess = new byte[32];
            new SecureRandom().nextBytes(guess);
            try (QueueProducer producer = QueueProducer.connect(socket, name, guess)) {
                producer.put(1_000);
                producer.end();
            }
        }

        interface Attempt {
            void run() throws Exception;
        }

        private void intrude(Path socket, String who, Attempt attempt) {
            try {
                attempt.run();
                outcomes.put(who, "ACCEPTED: its 1,000 went into the queue");
            } catch (RefusedException e) {
                outcomes.put(who, "refused: " + e.getMessage());
            } catch (Exception e) {
                outcomes.put(who, (Files.exists(socket) ? "failed: " : "gone: the lesson ended meanwhile: ") + e);
            }
        }

        static List<Path> queueDirectories() {
            String prefix = KitFiles.PREFIX + ProcessHandle.current().pid() + "-" + KitFiles.runId() + "-";
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> dirs =
                    Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), prefix + "*")) {
                dirs.forEach(found::add);
            } catch (IOException e) {
                // None this time.
            }
            return found;
        }
    }
}
