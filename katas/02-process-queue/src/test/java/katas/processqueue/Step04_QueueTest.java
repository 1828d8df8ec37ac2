package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.KitFiles;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(4)
@DisplayName("Step 4: the queue through the operating system - a Unix domain socket, many producer processes")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step04_QueueTest {

    static final Duration TAKE = Duration.ofSeconds(10);

    static final String FLUSH = "A producer writes through a buffer: what is still in the buffer never reaches the"
            + " parent. end() must flush, and close() must flush before it closes the connection (close the"
            + " DataOutputStream, not just the channel under it)";

    static ProcessQueue.Message take(ProcessQueue queue, String what) throws Exception {
        try {
            return queue.take(TAKE);
        } catch (TimeoutException | QueueException e) {
            throw new AssertionError(
                    "take() failed while waiting for " + what + ": " + e.getMessage() + ". " + FLUSH, e);
        }
    }

    @Test
    @DisplayName(
            "open listens on a socket in a private owner-only directory; close deletes the socket and the directory")
    void socketInPrivateDirectory() throws Exception {
        Path socket;
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            socket = queue.socketPath();
            assertThat(socket).as("the socket file while the queue is open").exists();
            assertThat(socket.getFileName().toString())
                    .as("the socket's file name")
                    .isEqualTo(ProcessQueue.SOCKET_FILE);
            Path directory = socket.getParent();
            assertThat(directory.getFileName().toString())
                    .as("the directory's name: KitFiles.createPrivateDirectory() names it katas-<pid>-..., so that a"
                            + " stale one can be swept after a kill -9")
                    .startsWith(KitFiles.PREFIX + ProcessHandle.current().pid() + "-");
            if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                        .as("the directory's permissions: owner only, so no other user can connect to the queue")
                        .isEqualTo("rwx------");
            }
            queue.close();
            assertThat(socket).as("the socket file after close()").doesNotExist();
            assertThat(directory).as("the private directory after close()").doesNotExist();
            queue.close(); // idempotent
        }
    }

    @Test
    @DisplayName("a producer's values and its end marker arrive in order, while it is still connected (end flushes)")
    void producerInThisJvm() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                QueueProducer producer = QueueProducer.connect(queue.socketPath(), "solo")) {
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
        }
    }

    @Test
    @DisplayName("take waits at most its timeout, then throws a TimeoutException that says how long it waited")
    void takeTimesOut() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> queue.take(Duration.ofMillis(300)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .as("take(300 ms) on a queue nobody writes to")
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("300");
            assertThat(millis).as("ms take(300 ms) waited: about its timeout").isBetween(250L, 5_000L);
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
                    children.add(ChildJvm.main(Fixtures.NumberProducer.class)
                            .name("producer-" + p)
                            .args(socket.toString(), "producer-" + p, String.valueOf(each))
                            .start());
                }
                long[] next = new long[producers + 1];
                Set<String> ended = new HashSet<>();
                long firstValue = 0;
                long messages = 0;
                while (ended.size() < producers) {
                    ProcessQueue.Message m = take(
                            queue,
                            "the values of " + producers + " producer processes (" + messages
                                    + " taken so far, end markers from " + ended + ")");
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
                                                + " (FIFO per producer), none lost, none twice, none torn",
                                        next[p], m.producer())
                                .isEqualTo(new Frame.Value(next[p]));
                    } else {
                        next[p]++;
                    }
                }
                long end = System.nanoTime();
                for (ChildProcess child : children) {
                    child.awaitSuccess(Duration.ofSeconds(30));
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
    @DisplayName("a producer that sends bytes that are not frames makes take fail with a QueueException naming it")
    void garbageIsReported() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(queue.socketPath()));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(raw));
            Frames.write(out, new Frame.Hello("garbler"));
            out.write(new byte[] {0x7f, 0, 0, 0, 0});
            out.flush();
            assertThatThrownBy(() -> queue.take(TAKE))
                    .as("take() after producer 'garbler' sent a frame of type 0x7f: the reader thread must not die"
                            + " silently; take reports the bad frame and who sent it")
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("garbler")
                    .hasMessageContaining("0x7f");
        }
    }

    @Test
    @DisplayName(
            "refuses bad input: capacity 0, null or negative timeouts, no queue at the path, a blank name, put after end")
    void refusesBadInput() throws Exception {
        assertThatThrownBy(() -> ProcessQueue.open(0))
                .as("ProcessQueue.open(0)")
                .isInstanceOf(IllegalArgumentException.class);
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), "no-such-queue-" + System.nanoTime() + ".sock");
        assertThatThrownBy(() -> QueueProducer.connect(missing, "p"))
                .as("QueueProducer.connect to a path where no queue listens: an IOException that names the path")
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> QueueProducer.connect(null, "p"))
                .as("connect(null, ...)")
                .isInstanceOf(NullPointerException.class);
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            assertThatThrownBy(() -> queue.take(null)).as("take(null)").isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> queue.take(Duration.ofSeconds(-1)))
                    .as("take(-1 s)")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> queue.watch(null)).as("watch(null)").isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> QueueProducer.connect(queue.socketPath(), " "))
                    .as("connect(socket, \" \")")
                    .isInstanceOf(IllegalArgumentException.class);
            try (QueueProducer producer = QueueProducer.connect(queue.socketPath(), "p")) {
                producer.end();
                assertThatThrownBy(() -> producer.put(1))
                        .as("put after end(): the end marker was the last frame")
                        .isInstanceOf(IllegalStateException.class);
            }
            queue.close();
            assertThatThrownBy(() -> queue.take(Duration.ofMillis(10)))
                    .as("take after close()")
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
