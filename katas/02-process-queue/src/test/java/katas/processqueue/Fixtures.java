package katas.processqueue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import katas.kit.process.ChildMain;
import katas.kit.socket.SocketClient;

/**
 * Small main classes the tests run in child JVMs, through the learner's {@link QueueProducer} and
 * {@link ProcessQueue}, and raw clients that the tests drive in their own JVM. Test code: each does one thing.
 * Worker mains take {@code <socket> <name> [...]}, the arguments {@link ProcessQueue#startWorker} gives them, and
 * the queue's secret from their parent ({@link ChildMain#secret()}).
 */
final class Fixtures {

    private Fixtures() {}

    /** {@code <socket> <name> <count>}: puts 0, 1, ..., count - 1, then its end marker. */
    public static final class NumberProducer {
        public static void main(String[] args) throws IOException {
            long count = Long.parseLong(args[2]);
            try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1], ChildMain.secret())) {
                for (long i = 0; i < count; i++) {
                    queue.put(i);
                }
                queue.end();
            }
        }
    }

    /**
     * {@code <socket> worker-<i> <count>}: puts the value 1, {@code i * count} times, then its end marker. Worker
     * 1 is done long before worker 4, so the first end marker always arrives while others are still sending.
     */
    public static final class StaggeredProducer {
        public static void main(String[] args) throws IOException {
            int index = Integer.parseInt(args[1].substring(args[1].lastIndexOf('-') + 1));
            long count = index * Long.parseLong(args[2]);
            try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1], ChildMain.secret())) {
                for (long i = 0; i < count; i++) {
                    queue.put(1);
                }
                queue.end();
            }
        }
    }

    /**
     * {@code <socket> <name> <count> <millis>}: puts the value 1 and flushes, {@code count} times, pausing
     * {@code millis} after each; then its end marker. Every single value comes quickly, all of them slowly.
     */
    public static final class TrickleProducer {
        public static void main(String[] args) throws IOException {
            long count = Long.parseLong(args[2]);
            long millis = Long.parseLong(args[3]);
            try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1], ChildMain.secret())) {
                for (long i = 0; i < count; i++) {
                    queue.put(1);
                    queue.flush();
                    pause(millis);
                }
                queue.end();
            }
        }
    }

    /**
     * {@code <socket> worker-<i> <millis>}: puts 1 and its end marker at once, closes, then lingers
     * {@code i * millis} ms before it exits. Every worker is quick to drain and slow to join.
     */
    public static final class LingeringProducer {
        public static void main(String[] args) throws IOException {
            int index = Integer.parseInt(args[1].substring(args[1].lastIndexOf('-') + 1));
            try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1], ChildMain.secret())) {
                queue.put(1);
                queue.end();
            }
            pause(index * Long.parseLong(args[2]));
        }
    }

    /** Dies with exit code 3 before it connects or sends anything. */
    public static final class ExitsBeforeSending {
        public static void main(String[] args) {
            System.exit(3);
        }
    }

    /**
     * {@code <socket> <name> <reason>}: connects, puts 1, then throws, 300 calls deep, an exception whose message
     * is the reason: a stack trace much longer than a message quotes, with the reason in its first line only.
     */
    public static final class DiesDeep {
        public static void main(String[] args) throws IOException {
            QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1], ChildMain.secret());
            queue.put(1);
            queue.flush();
            dive(300, args[2]);
        }

        private static void dive(int depth, String reason) {
            if (depth == 0) {
                throw new IllegalStateException(reason);
            }
            dive(depth - 1, reason);
        }
    }

    /** {@code <socket> <name>}: connects, puts 42, flushes, then waits until it is killed. */
    public static final class PutsThenHangs {
        public static void main(String[] args) throws IOException, InterruptedException {
            QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1], ChildMain.secret());
            queue.put(42);
            queue.flush();
            new CountDownLatch(1).await();
        }
    }

    /** {@code <socket> <name>}: worker-2 dies with exit code 3 before sending; the others put 1 and their end. */
    public static final class SecondWorkerDies {
        public static void main(String[] args) throws IOException {
            if (args[1].equals("worker-2")) {
                System.exit(3);
            }
            try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1], ChildMain.secret())) {
                queue.put(1);
                queue.end();
            }
        }
    }

    /**
     * A parent of a queue, itself in a child JVM, for the kill -9 tests: {@code quiet|writing}. Opens a queue,
     * starts one worker, takes its first value (so the worker is connected), prints
     * {@code ready <socket path> <worker pid>}, and waits until it is killed. A quiet worker
     * ({@link PutsThenHangs}) then waits too; a writing one ({@link NumberProducer}, a trillion values) fills the
     * socket and blocks in write().
     */
    public static final class QueueParent {
        public static void main(String[] args) throws Exception {
            ProcessQueue queue = ProcessQueue.open(16);
            var worker = args[0].equals("writing")
                    ? queue.startWorker("worker-1", NumberProducer.class, "1000000000000")
                    : queue.startWorker("worker-1", PutsThenHangs.class);
            queue.take(Duration.ofSeconds(10));
            System.out.println("ready " + queue.socketPath() + " " + worker.pid());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    /**
     * Step 2, run with another default charset ({@code -Dfile.encoding=...}): reads one frame from standard input,
     * then reports on standard output, through {@link DataOutputStream#writeUTF} (which no default charset changes):
     * this JVM's default charset, the bytes its {@link Frames#write} makes of {@code Hello("wé")} (an int length, then
     * the bytes), and the producer name of the frame it read.
     */
    public static final class FrameCharsets {
        public static void main(String[] args) throws IOException {
            Frame read = Frames.read(new DataInputStream(System.in));
            ByteArrayOutputStream hello = new ByteArrayOutputStream();
            DataOutputStream helloOut = new DataOutputStream(hello);
            Frames.write(helloOut, new Frame.Hello("w\u00e9"));
            helloOut.flush();
            DataOutputStream out = new DataOutputStream(new FileOutputStream(FileDescriptor.out));
            out.writeUTF(Charset.defaultCharset().name());
            out.writeInt(hello.size());
            out.write(hello.toByteArray());
            out.writeUTF(read instanceof Frame.Hello h ? h.producer() : String.valueOf(read));
            out.flush();
        }
    }

    /** How much longer than its timeout a take (or a lesson) may run before a test calls it stuck. */
    static final Duration OVERRUN = Duration.ofSeconds(5);

    static final String STUCK = "A take must return by its deadline. Does Inbox.poll(timeout) wait at most its timeout"
            + " (wait() has no time limit: step 3, Hint 3), and take poll until one deadline (step 5, Hint 3)?";

    /** Failed by a call still running {@link #OVERRUN} after its timeout: it was interrupted. */
    static final class Stuck extends AssertionError {
        private static final long serialVersionUID = 1L;

        Stuck(String message) {
            super(message);
        }
    }

    /** {@code queue.take(timeout)}, on a thread of its own: a take that does not return in time fails the test. */
    static ProcessQueue.Message take(ProcessQueue queue, Duration timeout) throws Exception {
        Duration expected = timeout == null || timeout.isNegative() ? Duration.ZERO : timeout;
        return within(expected, "take(" + expected.toMillis() + " ms)", () -> queue.take(timeout), STUCK);
    }

    /**
     * Runs {@code call} on a daemon thread of its own and returns what it returns (rethrows what it throws); if it is
     * still running {@link #OVERRUN} after {@code expected}, interrupts it and throws a {@link Stuck} that says so,
     * with {@code lesson}.
     */
    static <T> T within(Duration expected, String what, java.util.concurrent.Callable<T> call, String lesson)
            throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(call.call());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                },
                "bounded-call");
        thread.setDaemon(true);
        thread.start();
        long bound = expected.plus(OVERRUN).toMillis();
        try {
            return result.get(bound, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stuck) {
            thread.interrupt();
            throw new Stuck(what + " was still running " + bound + " ms after it began, " + OVERRUN.toSeconds()
                    + " s past its timeout, and was interrupted. " + lesson);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** A fixture's pause: a worker that is slow on purpose (the tests themselves never sleep to wait). */
    static void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(left));
        }
    }

    /**
     * A client in the test's JVM that speaks the queue's protocol by hand, so that a test can send what the
     * learner's {@link QueueProducer} never would: no answer, a wrong first frame, a frame cut short, garbage.
     */
    static final class RawClient implements AutoCloseable {
        final SocketClient client;
        final DataInputStream in;
        final DataOutputStream out;

        private RawClient(SocketClient client) {
            this.client = client;
            this.in = new DataInputStream(client.input());
            this.out = new DataOutputStream(client.output());
        }

        /** Connected and admitted; nothing said yet: the queue's nonce waits to be read. */
        static RawClient connect(Path socket) throws IOException {
            return new RawClient(SocketClient.connect(socket));
        }

        /** Connected, and the queue's challenge answered with {@code secret} (the learner's Handshake.answer). */
        static RawClient authenticated(Path socket, byte[] secret) throws IOException {
            RawClient raw = connect(socket);
            Handshake.answer(raw.in, raw.out, secret);
            return raw;
        }

        /** Reads and drops the queue's nonce, as a client that cannot answer it would. */
        RawClient skipNonce() throws IOException {
            in.readFully(new byte[Handshake.NONCE_BYTES]);
            return this;
        }

        RawClient send(Frame... frames) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream frameOut = new DataOutputStream(bytes);
            for (Frame frame : frames) {
                Frames.write(frameOut, frame);
            }
            return send(bytes.toByteArray());
        }

        RawClient send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** Sends a Hello and waits for the queue's welcome (throws the refusal). */
        RawClient hello(String name) throws IOException {
            send(new Frame.Hello(name));
            client.awaitWelcome();
            return this;
        }

        void awaitWelcome() throws IOException {
            client.awaitWelcome();
        }

        /**
         * Waits until the queue closes this connection: what the kit's server does last, after serve() threw and
         * the failure was recorded. So a take() after it finds the failure there, every time.
         *
         * @return false if the queue kept the connection open for {@code within}
         */
        boolean closedByTheQueueWithin(Duration within) throws InterruptedException {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Thread reader = new Thread(
                    () -> {
                        try {
                            while (in.read() >= 0) {
                                // Whatever the queue still sends: nothing is expected.
                            }
                        } catch (IOException resetOrClosed) {
                            // Closed either way.
                        }
                        closed.complete(null);
                    },
                    "raw-client-await-close");
            reader.setDaemon(true);
            reader.start();
            try {
                closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /** The bytes of a frame header: type byte and a 4-byte length, with no payload after it. */
    static byte[] header(int type, int length) {
        return new byte[] {
            (byte) type, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
        };
    }
}
