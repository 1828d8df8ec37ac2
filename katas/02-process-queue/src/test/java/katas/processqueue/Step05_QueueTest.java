package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import katas.kit.process.ChildProcess;
import katas.kit.process.KitFiles;
import katas.kit.socket.RefusedException;
import katas.kit.socket.SocketServer;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(5)
@DisplayName("Step 5: the queue through the operating system - a Unix domain socket, many producer processes")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step05_QueueTest {

    /** No single take in this step waits longer: a hang fails within 10 s, with a message. */
    static final Duration TAKE = Duration.ofSeconds(8);

    static final String BUFFER = "Nothing arrived: the frames may still wait in the producer's buffer (end() must"
            + " flush; close() must close the DataOutputStream, which flushes, not just the socket under it), or"
            + " serve() did not put them into the inbox";

    static final String READER = "The queue reported a problem where none should be: take() must deliver what the"
            + " inbox holds before it reports a failure, and Frames.read read each frame whole (step 8, Hint 2; step 2)";

    /** The first take after starting child JVMs: their start-up takes seconds on a busy machine. */
    static final Duration FIRST_TAKE = Duration.ofSeconds(30);

    static ProcessQueue.Message take(ProcessQueue queue, String what) throws Exception {
        return take(queue, what, TAKE);
    }

    static ProcessQueue.Message take(ProcessQueue queue, String what, Duration timeout) throws Exception {
        try {
            return queue.take(timeout);
        } catch (TimeoutException e) {
            throw new AssertionError("take() timed out waiting for " + what + ": " + e.getMessage() + ". " + BUFFER, e);
        } catch (QueueException e) {
            throw new AssertionError(
                    "take() failed waiting for " + what + ": the reader reported \"" + e.getMessage() + "\". " + READER,
                    e);
        }
    }

    static byte[] wrongSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    static String reasons(ProcessQueue queue) {
        return queue.refusals().stream().map(SocketServer.Refusal::reason).collect(Collectors.joining(" | "));
    }

    @Test
    @Telling
    @DisplayName("a producer's values and end marker arrive in order, while it is still connected; close deletes all")
    void producerInThisJvm() throws Exception {
        Path socket;
        try (ProcessQueue queue = ProcessQueue.open(16);
                QueueProducer producer = QueueProducer.connect(queue.socketPath(), "solo", queue.secret())) {
            socket = queue.socketPath();
            Path directory = socket.getParent();
            assertThat(directory.getFileName().toString())
                    .as("the socket's directory: KitFiles.createPrivateDirectory() names it katas-<pid>-..., so that"
                            + " a stale one can be swept after a kill -9")
                    .startsWith(KitFiles.PREFIX + ProcessHandle.current().pid() + "-");
            if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                        .as("the directory's permissions: owner only, so no other user can connect to the queue")
                        .isEqualTo("rwx------");
            }
            producer.put(1);
            producer.put(-2);
            producer.put(Long.MAX_VALUE);
            producer.end();
            List<ProcessQueue.Message> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(take(
                        queue,
                        "message " + (i + 1) + " of 4 from producer 'solo' (which has called end() and"
                                + " is still connected)"));
            }
            assertThat(got)
                    .as("what take() returned after put(1), put(-2), put(Long.MAX_VALUE), end()")
                    .containsExactly(
                            new ProcessQueue.Message("solo", new Frame.Value(1)),
                            new ProcessQueue.Message("solo", new Frame.Value(-2)),
                            new ProcessQueue.Message("solo", new Frame.Value(Long.MAX_VALUE)),
                            new ProcessQueue.Message("solo", new Frame.End()));
            queue.close();
            assertThat(socket)
                    .as("the socket file after close(): close() must close the kit's server, which stops"
                            + " listening and deletes the socket and its directory")
                    .doesNotExist();
            assertThat(directory).as("the private directory after close()").doesNotExist();
            Expect.thrownBy(
                            "connecting to a queue after its close(): nobody may listen there any more",
                            () -> QueueProducer.connect(socket, "late", queue.secret()))
                    .isInstanceOf(IOException.class);
            queue.close(); // idempotent
        }
    }

    @Test
    @Telling
    @Timeout(20)
    @DisplayName("take waits at most its timeout, then throws a TimeoutException that says how long it waited")
    void takeTimesOut() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> Fixtures.take(queue, Duration.ofMillis(300)));
            if (thrown instanceof Fixtures.Stuck stuck) {
                throw stuck; // says why, in its own words
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .as("take(300 ms) on a queue nobody writes to")
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("300");
            assertThat(millis).as("ms take(300 ms) waited: about its timeout").isBetween(250L, 5_000L);
        }
    }

    @Test
    @DisplayName("a waiting take sleeps: it polls the inbox with a timeout, it does not spin on the CPU")
    void takeDoesNotSpin() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            catchThrowable(() -> Fixtures.take(queue, Duration.ofMillis(50))); // loads and compiles what take uses
            long[] cpu = new long[1];
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> Fixtures.within(
                    Duration.ofMillis(2_500),
                    "take(2500 ms)",
                    () -> {
                        long cpuBefore = threads.getCurrentThreadCpuTime();
                        try {
                            return queue.take(Duration.ofMillis(2_500));
                        } finally {
                            cpu[0] = threads.getCurrentThreadCpuTime() - cpuBefore;
                        }
                    },
                    Fixtures.STUCK));
            if (thrown instanceof Fixtures.Stuck stuck) {
                throw stuck;
            }
            long cpuMillis = TimeUnit.NANOSECONDS.toMillis(cpu[0]);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown).as("take(2.5 s) on a queue nobody writes to").isInstanceOf(TimeoutException.class);
            assertThat(cpuMillis)
                    .as(
                            "ms of CPU the taking thread used in %d ms of take(2.5 s) on an empty queue: a few. A take"
                                    + " that polls without waiting busy-spins and burns a core: poll with a timeout"
                                    + " (step 5, Hint 3)",
                            millis)
                    .isLessThan(100);
        }
    }

    @Test
    @DisplayName("4 producer processes x 100,000 values: nothing lost, torn or duplicated, FIFO per producer")
    void manyProducerProcesses(TestReporter report) throws Exception {
        int producers = 4;
        int each = 100_000;
        List<ChildProcess> children = new ArrayList<>();
        Path socket;
        try (ProcessQueue queue = ProcessQueue.open(1024)) {
            socket = queue.socketPath();
            try {
                long start = System.nanoTime();
                for (int p = 1; p <= producers; p++) {
                    children.add(
                            queue.startWorker("producer-" + p, Fixtures.NumberProducer.class, String.valueOf(each)));
                }
                long[] next = new long[producers + 1];
                Set<String> ended = new HashSet<>();
                long firstValue = 0;
                long messages = 0;
                while (ended.size() < producers) {
                    ProcessQueue.Message m = take(
                            queue,
                            "the values of " + producers + " producer processes (" + messages
                                    + " taken so far, end markers from " + ended + ")",
                            messages == 0 ? FIRST_TAKE : TAKE);
                    if (messages++ == 0) {
                        firstValue = System.nanoTime();
                    }
                    // Plain checks in the hot loop (it also measures throughput); AssertJ explains a failure.
                    String name = m.producer();
                    int p = name.length() == 10 && name.startsWith("producer-") ? name.charAt(9) - '0' : -1;
                    if (p < 1 || p > producers) {
                        assertThat(m.producer()).as("the producer of a message").matches("producer-[1-4]");
                    }
                    if (ended.contains(m.producer())) {
                        assertThat(m)
                                .as("a message from %s after its end marker", m.producer())
                                .isNull();
                    }
                    if (m.frame() instanceof Frame.End) {
                        assertThat(next[p])
                                .as("values of %s before its end marker: every one, none lost", m.producer())
                                .isEqualTo(each);
                        ended.add(m.producer());
                    } else if (!(m.frame() instanceof Frame.Value v) || v.value() != next[p]) {
                        assertThat(m.frame())
                                .as(
                                        "frame %,d of %s: its values must arrive in the order it put them"
                                                + " (FIFO per producer), none lost, twice or torn: a wrong value is a"
                                                + " frame read wrongly (readFully: step 2, Hint 2)",
                                        next[p], m.producer())
                                .isEqualTo(new Frame.Value(next[p]));
                    } else {
                        next[p]++;
                    }
                }
                long end = System.nanoTime();
                for (ChildProcess child : children) {
                    child.awaitSuccess(Duration.ofSeconds(8));
                }
                double total = (end - start) / 1e9;
                double transfer = (end - firstValue) / 1e9;
                String measured = String.format(
                        "queue throughput: %,d messages from %d producer processes in %.2f s"
                                + " from the first value taken (%,.0f messages/s; 13-byte frames), %.2f s including the"
                                + " %d child JVM starts",
                        messages, producers, transfer, messages / transfer, total, producers);
                System.out.println("  " + measured);
                report.publishEntry("throughput", measured);
            } finally {
                children.forEach(ChildProcess::close);
            }
        }
        assertThat(socket).as("the socket file after the queue is closed").doesNotExist();
    }

    @Test
    @DisplayName(
            "a producer that knows no secret, or a wrong one, is refused, told why, listed; nothing it sent counts")
    void refusesProducersWithoutTheSecret() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            Expect.thrownBy(
                            "QueueProducer.connect with a wrong secret: the queue refuses it, and connect throws",
                            () -> QueueProducer.connect(queue.socketPath(), "intruder", wrongSecret()))
                    .isInstanceOf(RefusedException.class)
                    .hasMessageContaining("secret");
            try (Fixtures.RawClient noSecret = Fixtures.RawClient.connect(queue.socketPath())) {
                // A producer that does not know about the challenge: it just sends its frames.
                List<Frame> frames = new ArrayList<>(List.of(new Frame.Hello("intruder")));
                for (int i = 0; i < 100; i++) {
                    frames.add(new Frame.Value(1_000));
                }
                frames.add(new Frame.End());
                noSecret.send(frames.toArray(Frame[]::new)).skipNonce();
                Expect.thrownBy(
                                "the queue's verdict for a producer that sent frames instead of an answer to the"
                                        + " challenge: refused, with a reason that says it does not know the secret",
                                noSecret::awaitWelcome)
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("secret");
            }
            assertThat(queue.refusals())
                    .as("queue.refusals(): both refused producers, each with its reason")
                    .hasSize(2)
                    .allSatisfy(r -> assertThat(r.reason()).contains("secret"));
            assertThat(catchThrowable(() -> Fixtures.take(queue, Duration.ofMillis(300))))
                    .as("take() after only refused producers connected: nothing they sent is delivered")
                    .isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    @DisplayName("once it starts workers, the queue refuses any other name, even with the right secret")
    void refusesNamesItDoesNotExpect() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                ChildProcess worker = queue.startWorker("worker-1", Fixtures.NumberProducer.class, "1")) {
            Expect.thrownBy(
                            "QueueProducer.connect(socket, \"stranger\", the right secret) while the queue waits for"
                                    + " its worker 'worker-1' only: refused, naming 'stranger'. serve() must refuse a"
                                    + " name that is not among the expected ones (once any worker was started), and"
                                    + " before connection.welcome(name): once welcomed, a producer is in",
                            () -> QueueProducer.connect(queue.socketPath(), "stranger", queue.secret()))
                    .isInstanceOf(RefusedException.class)
                    .hasMessageContaining("stranger");
            assertThat(take(queue, "worker-1's value"))
                    .isEqualTo(new ProcessQueue.Message("worker-1", new Frame.Value(0)));
            assertThat(take(queue, "worker-1's end marker"))
                    .isEqualTo(new ProcessQueue.Message("worker-1", new Frame.End()));
            worker.awaitSuccess(TAKE);
            assertThat(reasons(queue)).as("the reasons in queue.refusals()").contains("stranger");
        }
    }

    @Test
    @DisplayName("a second producer under a name that is connected already is refused; the first goes on")
    void refusesDuplicates() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                QueueProducer first = QueueProducer.connect(queue.socketPath(), "twin", queue.secret())) {
            Expect.thrownBy(
                            "a second QueueProducer.connect under the name 'twin' while the first is connected:"
                                    + " refused before connection.welcome (two producers with one name cannot be told"
                                    + " apart, and their end markers would count as one worker's)",
                            () -> QueueProducer.connect(queue.socketPath(), "twin", queue.secret()))
                    .isInstanceOf(RefusedException.class)
                    .hasMessageContaining("twin");
            first.put(1);
            first.end();
            assertThat(take(queue, "the first twin's value"))
                    .isEqualTo(new ProcessQueue.Message("twin", new Frame.Value(1)));
            assertThat(take(queue, "the first twin's end marker"))
                    .isEqualTo(new ProcessQueue.Message("twin", new Frame.End()));
            assertThat(queue.refusals()).as("queue.refusals(): the second twin").hasSize(1);
        }
    }

    @Test
    @DisplayName("a first frame that is not a Hello is refused: a value, garbage, a huge length, a cut-off frame")
    void refusesAFirstFrameThatIsNotAHello() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            try (Fixtures.RawClient raw = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
                raw.send(new Frame.Value(7));
                Expect.thrownBy("the verdict after a Value as the first frame", raw::awaitWelcome)
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("Hello");
            }
            try (Fixtures.RawClient raw = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
                raw.send(new byte[] {0x7f, 0, 0, 0, 0});
                Expect.thrownBy("the verdict after garbage (type 0x7f) where the Hello belongs", raw::awaitWelcome)
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("0x7f");
            }
            try (Fixtures.RawClient raw = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
                raw.send(Fixtures.header('H', 2_000_000_000));
                Expect.thrownBy(
                                "the verdict after a Hello header whose length says 2,000,000,000 bytes: refused at"
                                        + " once, for the size limit, before anything is allocated",
                                raw::awaitWelcome)
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("limit");
            }
            assertThat(queue.refusals()).as("queue.refusals()").hasSize(3);
        }
    }

    @Test
    @DisplayName("a producer name with control characters or bytes that are not UTF-8 is refused, and shown escaped")
    void refusesNamesThatAreNotPlainText() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            String bell = "bell\u0007\u001b[31mred";
            Throwable refused = catchThrowable(() -> QueueProducer.connect(queue.socketPath(), bell, queue.secret()));
            assertThat(refused)
                    .as("connect under a name with a bell and a terminal escape sequence: refused")
                    .isInstanceOf(RefusedException.class);
            assertThat(refused.getMessage())
                    .as("the refusal's message: the name escaped (\\u0007), never the raw control characters, which"
                            + " would ring, recolour or rewrite the terminal that shows it")
                    .contains("\\u0007")
                    .doesNotContain("\u0007", "\u001b");
            try (Fixtures.RawClient raw = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
                raw.send(Fixtures.header('H', 3)).send(new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
                Expect.thrownBy("the verdict on a name whose bytes are not UTF-8 (0xff 0xfe 'x')", raw::awaitWelcome)
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("\\ufffd");
            }
            assertThat(reasons(queue))
                    .as("the reasons in queue.refusals(): escaped too")
                    .doesNotContain("\u0007", "\u001b");
        }
    }

    @Test
    @DisplayName("a Hello of exactly the 1 MiB limit is fine; one byte more is refused for the limit, over the socket")
    void helloAtTheLimit() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            String longest = "n".repeat(Frames.MAX_PAYLOAD);
            try (QueueProducer producer = QueueProducer.connect(queue.socketPath(), longest, queue.secret())) {
                producer.put(5);
                producer.end();
                ProcessQueue.Message m = take(queue, "the value of a producer whose name fills the frame limit");
                assertThat(m.producer().length())
                        .as("the length of its name, as take() reports it: all %,d characters", Frames.MAX_PAYLOAD)
                        .isEqualTo(Frames.MAX_PAYLOAD);
                assertThat(m.frame()).isEqualTo(new Frame.Value(5));
            }
            try (Fixtures.RawClient raw = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
                raw.send(Fixtures.header('H', Frames.MAX_PAYLOAD + 1));
                try {
                    raw.send(new byte[Frames.MAX_PAYLOAD + 1]);
                } catch (IOException refusedMidway) {
                    // The queue refuses after the header and closes: the rest cannot be sent.
                }
                Expect.thrownBy(
                                "the verdict on a Hello of Frames.MAX_PAYLOAD + 1 bytes: refused, for the limit",
                                raw::awaitWelcome)
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("limit");
            }
        }
    }

    @Test
    @DisplayName("after the Hello: garbage, a huge length or a frame cut after its type byte make take fail, naming it")
    void badFramesAfterTheHelloAreReported() throws Exception {
        record Bad(String producer, byte[] bytes, String mentions) {}
        List<Bad> cases = List.of(
                new Bad("garbler", new byte[] {0x7f, 0, 0, 0, 0}, "0x7f"),
                new Bad("boaster", Fixtures.header('V', 2_000_000_000), "limit"),
                new Bad("cut", new byte[] {'V'}, "truncated"));
        for (Bad bad : cases) {
            try (ProcessQueue queue = ProcessQueue.open(16);
                    Fixtures.RawClient raw = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
                raw.hello(bad.producer()).send(bad.bytes());
                if (bad.producer().equals("cut")) {
                    raw.close(); // the stream ends right after the type byte
                }
                long start = System.nanoTime();
                Throwable thrown = catchThrowable(() -> Fixtures.take(queue, TAKE));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(thrown)
                        .as(
                                "take() after producer '%s' sent %d bytes that are not a frame: a QueueException"
                                        + " naming it and what was wrong. The reader must not die silently: what"
                                        + " serve() throws after welcome() is recorded (server.failures()) for take()"
                                        + " to report",
                                bad.producer(), bad.bytes().length)
                        .isInstanceOf(QueueException.class)
                        .hasMessageContaining(bad.producer())
                        .hasMessageContaining(bad.mentions());
                assertThat(millis).as("ms until take() reported it: promptly").isLessThan(5_000);
            }
        }
    }

    @Test
    @DisplayName("a value after the end marker, or a second Hello, is never delivered: take fails, naming it")
    void nothingAfterTheEndMarker() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                Fixtures.RawClient raw = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
            raw.hello("late").send(new Frame.Value(1), new Frame.End(), new Frame.Value(2));
            assertThat(raw.closedByTheQueueWithin(TAKE))
                    .as("whether the queue closed the connection of 'late' within 8 s of the value it sent after its"
                            + " end marker: serve() must throw on any frame after the End (the kit then records the"
                            + " failure and closes the connection)")
                    .isTrue();
            // The failure is recorded now, behind the value and the end marker in the inbox: deliver those first.
            assertThat(take(queue, "late's value")).isEqualTo(new ProcessQueue.Message("late", new Frame.Value(1)));
            assertThat(take(queue, "late's end marker")).isEqualTo(new ProcessQueue.Message("late", new Frame.End()));
            Throwable thrown = catchThrowable(() -> Fixtures.take(queue, TAKE));
            assertThat(thrown)
                    .as("take() after 'late' sent Value(2) after its end marker: never that value (the end marker was"
                            + " its last word; a value after it would be counted after the parent stopped), a"
                            + " QueueException naming it")
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("late")
                    .hasMessageContaining("end");
        }
        try (ProcessQueue queue = ProcessQueue.open(16);
                Fixtures.RawClient raw = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
            raw.hello("again").send(new Frame.Hello("someone-else"), new Frame.Value(3));
            assertThat(catchThrowable(() -> Fixtures.take(queue, TAKE)))
                    .as("take() after 'again' sent a second Hello: a QueueException naming it and the Hello, and"
                            + " none of its later values")
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("again")
                    .hasMessageContaining("Hello");
        }
    }

    @Test
    @DisplayName("a client that says nothing, or stalls in a frame, holds up neither take nor close")
    void silentAndStalledClients() throws Exception {
        ProcessQueue queue = ProcessQueue.open(16);
        try (Fixtures.RawClient silent = Fixtures.RawClient.connect(queue.socketPath());
                Fixtures.RawClient staller = Fixtures.RawClient.authenticated(queue.socketPath(), queue.secret())) {
            staller.hello("staller").send(new byte[] {'V', 0, 0});
            assertThat(catchThrowable(() -> Fixtures.take(queue, Duration.ofMillis(500))))
                    .as("take(500 ms) while one client said nothing and another stopped in the middle of a frame: a"
                            + " timeout, on time")
                    .isInstanceOf(TimeoutException.class);
            long start = System.nanoTime();
            queue.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis)
                    .as("ms close() took while a silent and a stalled client were connected: it closes their"
                            + " connections, which ends the reads their reader threads wait in")
                    .isLessThan(3_000);
            assertThat(queue.socketPath()).as("the socket after close()").doesNotExist();
        } finally {
            queue.close();
        }
    }

    @Test
    @DisplayName("a flood of 200 connections that say nothing keeps no producer out; past MAX_PRODUCERS producers, the"
            + " next is refused, saying why")
    void floodOfConnections() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            assertThat(catchThrowable(() -> Fixtures.take(queue, Duration.ZERO)))
                    .as("take(0) on a new queue: nothing there")
                    .isInstanceOf(TimeoutException.class);
            List<SocketChannel> flood = Collections.synchronizedList(new ArrayList<>());
            Thread flooder = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < 200; i++) {
                                SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX);
                                flood.add(silent);
                                silent.connect(UnixDomainSocketAddress.of(queue.socketPath()));
                            }
                        } catch (IOException closedMeanwhile) {
                            // The test is over.
                        }
                    },
                    "flood");
            flooder.setDaemon(true);
            flooder.start();
            List<QueueProducer> producers = new ArrayList<>();
            try {
                flooder.join(TimeUnit.SECONDS.toMillis(20));
                for (int i = 1; i <= ProcessQueue.MAX_PRODUCERS; i++) {
                    try {
                        producers.add(QueueProducer.connect(queue.socketPath(), "p" + i, queue.secret()));
                    } catch (IOException e) {
                        throw new AssertionError(
                                "producer p" + i + " of " + ProcessQueue.MAX_PRODUCERS + " was refused while "
                                        + flood.size()
                                        + " connections that said nothing were open: " + e.getMessage()
                                        + ". Connections that never answer the challenge must not keep a producer out"
                                        + " (the kit drops the oldest of them to make room)",
                                e);
                    }
                }
                Expect.thrownBy(
                                "producer " + (ProcessQueue.MAX_PRODUCERS + 1) + " while " + ProcessQueue.MAX_PRODUCERS
                                        + " producers are connected: refused, saying there are too many",
                                () -> QueueProducer.connect(queue.socketPath(), "one-too-many", queue.secret()))
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("too many")
                        .hasMessageContaining(String.valueOf(ProcessQueue.MAX_PRODUCERS));
                QueueProducer first = producers.remove(0);
                first.put(9);
                first.end();
                first.close();
                assertThat(take(queue, "the value of producer p1, connected during the flood"))
                        .isEqualTo(new ProcessQueue.Message("p1", new Frame.Value(9)));
            } finally {
                for (QueueProducer producer : producers) {
                    producer.close();
                }
                flooder.interrupt();
                synchronized (flood) {
                    for (SocketChannel silent : flood) {
                        silent.close();
                    }
                }
            }
        }
    }

    @Test
    @DisplayName(
            "refuses bad input: capacity 0, null or negative timeouts, a blank name, put after end, no queue at the path,"
                    + " a socket path longer than the OS allows (108 bytes on Linux), before bind")
    void refusesBadInput() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            Expect.thrownBy("take(null)", () -> Fixtures.take(queue, null)).isInstanceOf(NullPointerException.class);
            Expect.thrownBy("take(-1 s)", () -> Fixtures.take(queue, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            Expect.thrownBy(
                            "connect(socket, \" \", secret)",
                            () -> QueueProducer.connect(queue.socketPath(), " ", queue.secret()))
                    .isInstanceOf(IllegalArgumentException.class);
            try (QueueProducer producer = QueueProducer.connect(queue.socketPath(), "p", queue.secret())) {
                producer.end();
                Expect.thrownBy("put after end(): the end marker was the last frame", () -> producer.put(1))
                        .isInstanceOf(IllegalStateException.class);
                Expect.thrownBy("end after end()", producer::end).isInstanceOf(IllegalStateException.class);
            }
            queue.close();
            Expect.thrownBy("take after close()", () -> Fixtures.take(queue, Duration.ofMillis(10)))
                    .isInstanceOf(IllegalStateException.class);
        }
        Expect.thrownBy("ProcessQueue.open(0)", () -> ProcessQueue.open(0))
                .isInstanceOf(IllegalArgumentException.class);
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), "no-such-queue-" + System.nanoTime() + ".sock");
        Expect.thrownBy(
                        "QueueProducer.connect to a path where no queue listens: an IOException that names the path",
                        () -> QueueProducer.connect(missing, "p", wrongSecret()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
        Expect.thrownBy("connect(null, ...)", () -> QueueProducer.connect(null, "p", wrongSecret()))
                .isInstanceOf(NullPointerException.class);
        // A socket path longer than the operating system allows (sun_path: 108 bytes on Linux, with its NUL).
        String tmp = System.getProperty("java.io.tmpdir");
        Path deep = Path.of(tmp).resolve(KitFiles.fileName("deep-" + "d".repeat(70)));
        Files.createDirectories(deep);
        try {
            System.setProperty("java.io.tmpdir", deep.toString());
            Throwable thrown = catchThrowable(() -> ProcessQueue.open(16).close());
            assertThat(thrown)
                    .as(
                            "ProcessQueue.open(16) with java.io.tmpdir %s (%d bytes): an IOException that names the limit",
                            deep, deep.toString().length())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(String.valueOf(SocketServer.maxPathBytes()))
                    .hasMessageContaining("bytes");
            try (var left = Files.list(deep)) {
                assertThat(left.toList())
                        .as("what the failed open left in the temporary directory: nothing")
                        .isEmpty();
            }
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
            KitFiles.deleteRecursively(deep);
        }
    }
}
