package katas.processqueue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import katas.kit.Kata;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.ChildProcessTimeoutException;
import katas.kit.socket.SocketServer;

/**
 * Steps 5 and 8, the parent's end of the queue: Python's {@code multiprocessing.Queue}, through the operating system.
 * Producers connect ({@link QueueProducer}) to the kit's {@link SocketServer} (given), prove they know the secret
 * ({@link Handshake}) and put frames; {@link #serve} (yours) runs on each connection's reader thread and puts what it
 * reads into one bounded {@link Inbox}, which {@link #take} polls: FIFO per producer, interleaved between producers. A
 * producer that dies before its end marker never hangs the parent: {@link #take} then fails naming it (step 8).
 * {@link #take} and {@link #startWorker} are for one consuming thread; {@link #close()} from any thread, idempotent.
 */
public final class ProcessQueue implements AutoCloseable {

    /** The socket's file name in the queue's private directory. */
    public static final String SOCKET_FILE = "queue.sock";
    /** How many producers may be connected at once; one more is refused, with the reason. */
    public static final int MAX_PRODUCERS = 64;
    /** How often {@link #take} looks for dead producers while it waits. */
    static final Duration SLICE = Duration.ofMillis(50);

    /**
     * What {@link #take} returns: a {@link Frame.Value} or an {@link Frame.End}, with the name of the
     * producer that sent it (from its {@link Frame.Hello}).
     */
    public record Message(String producer, Frame frame) {}

    // Given: the queue's parts. Read them; the fields you add go below.
    private final byte[] secret = new byte[32];
    private final Inbox<Message> inbox;
    private final SocketServer server;
    /** The names of the workers {@link #startWorker} started, each added before its process starts. */
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    /** Those workers' processes, by name: take() watches them. */
    private final Map<String, ChildProcess> watched = new ConcurrentHashMap<>();

    private volatile boolean closed;

    private ProcessQueue(int capacity) throws IOException {
        new SecureRandom().nextBytes(secret);
        this.inbox = new Inbox<>(capacity);
        this.server = SocketServer.open(SOCKET_FILE, MAX_PRODUCERS, this::serve);
    }

    /**
     * Makes a new random secret, creates a private directory, listens on {@value #SOCKET_FILE} in it, and starts
     * accepting producers. Given.
     *
     * @param capacity the inbox's capacity, in messages; 1 or more
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws IOException if the socket cannot be made (such as a path too long for a socket: the message says)
     */
    public static ProcessQueue open(int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("a queue needs an inbox capacity of 1 or more, got " + capacity);
        }
        return new ProcessQueue(capacity);
    }

    /** The socket file producers connect to. Given. */
    public Path socketPath() {
        return server.socketPath();
    }

    /**
     * A copy of the queue's secret, for a producer in this JVM ({@code QueueProducer.connect(socketPath(), name,
     * queue.secret())}). A worker process gets it from {@link #startWorker}, never on its command line. Given.
     */
    public byte[] secret() {
        return secret.clone();
    }

    /**
     * Starts a worker process that will put on this queue: a child JVM running {@code main} with the arguments
     * {@code <socket path> <name> <args...>}, named {@code name}, handed the queue's secret through its standard
     * input (never its command line: {@code ps} shows that to every user), and watched: if it exits before its end
     * marker was taken, {@link #take} fails promptly, naming it and its exit code. Once a worker is started, the
     * queue expects only the names of its workers. Given.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a worker of that name was started already
     * @throws IllegalStateException if the queue is closed
     */
    public ChildProcess startWorker(String name, Class<?> main, String... args) {
        Objects.requireNonNull(name, "the worker's name must not be null");
        checkOpen("startWorker");
        if (!expected.add(name)) {
            throw new IllegalArgumentException("a worker named '" + name + "' was started already");
        }
        ChildProcess child = ChildJvm.main(main)
                .name(name)
                .args(socketPath().toString(), name)
                .args(args)
                .secret(secret)
                .start();
        watched.put(name, child);
        return child;
    }

    /**
     * The connections refused so far (no or a wrong secret, a name the queue does not expect, a name connected
     * already, a first frame that is not a Hello...), each with its reason. Given.
     */
    public List<SocketServer.Refusal> refusals() {
        return server.refusals();
    }

    /**
     * One connection, on its own reader thread (the kit's server calls it): the handshake, then the producer's
     * Hello, then its values and one End. What it throws before {@code connection.welcome(name)} refuses the
     * producer (it is told why, the refusal is recorded); what it throws after is recorded as a failure of that
     * producer, for {@link #take} to report.
     */
    private void serve(SocketServer.Connection connection) throws IOException, InterruptedException {
        // TODO step 5: Handshake.challenge first; then the first frame must be a Hello; refuse (throw) a name the
        //  queue does not expect (once expected is not empty) or one that is connected already; welcome it; then
        //  put every Value and the End into the inbox as a Message, until the stream ends. Throw on a second
        //  Hello, on a frame after the End, and on a stream that ends without an End.
        throw Kata.todo("ProcessQueue.serve: the handshake, the Hello, then every frame into the inbox until the End");
    }

    /**
     * Takes the next message, waiting up to {@code timeout}.
     *
     * @return the next {@link Frame.Value} or {@link Frame.End}, with its producer
     * @throws TimeoutException if nothing arrived within {@code timeout}
     * @throws QueueException if nothing is left to deliver and a producer died before its end marker
     *         (its connection closed without an End, a watched worker exited) or sent bytes that are not
     *         frames: the message names the producer and, for a watched worker, its exit code
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if the queue is closed
     * @throws InterruptedException if interrupted while waiting
     */
    public Message take(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        // TODO step 5: one deadline; poll the inbox until it; a TimeoutException that says how long you waited.
        // TODO step 8: poll in SLICEs; between them, fail if a welcomed producer failed (server.failures()) or a
        //  watched worker exited before its end marker was taken.
        throw Kata.todo("ProcessQueue.take: poll the inbox until the deadline, fail clearly if a producer died");
    }

    /** Stops accepting, closes every connection, ends the threads, deletes the socket and its directory. */
    @Override
    public void close() {
        // TODO step 5
        throw Kata.todo("ProcessQueue.close: mark the queue closed, close the server (it deletes the socket)");
    }

    // Given helpers.

    /** A failure of a welcomed producer (what {@link #serve} threw after the welcome), as a QueueException. */
    private QueueException lost(SocketServer.Failure failure) {
        ChildProcess child = watched.get(failure.peer());
        return new QueueException(
                "producer '" + failure.peer() + "': " + failure.reason()
                        + (child == null ? "" : "; its process " + exitOf(child)),
                failure.cause());
    }

    /**
     * How a worker ended, for a message: {@code (pid 1234) exited with code 3}, with the signal for a kill and
     * what its standard error says went wrong (its exception's line, not only the end of a stack trace); waits up to 2 s for a worker that is still running (its connection broke a
     * moment before its process ended).
     */
    private static String exitOf(ChildProcess child) {
        int code;
        try {
            code = child.join(Duration.ofSeconds(2));
        } catch (ChildProcessTimeoutException stillRunning) {
            return "(pid " + child.pid() + ") is still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(pid " + child.pid() + ")";
        }
        String signal = code > 128 && code < 128 + 65
                ? " (128 + " + (code - 128) + ": killed by signal " + (code - 128) + (code == 137 ? ", SIGKILL" : "")
                        + ")"
                : "";
        String stderr = child.stderrSummary(1_200).strip();
        return "(pid " + child.pid() + ") exited with code " + code + signal
                + (stderr.isEmpty() ? "" : "; its standard error (what went wrong, and its end): " + stderr);
    }

    /** The timeout in nanoseconds (at most 100 years, so that now + it cannot overflow). */
    private static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return timeout.compareTo(Duration.ofDays(36_500)) > 0
                ? Duration.ofDays(36_500).toNanos()
                : timeout.toNanos();
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + " on a closed queue");
        }
    }
}
