package katas.processqueue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
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

    /** Producers that were welcomed, by name. */
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    /** Producers whose End take() has returned. */
    private final Set<String> endsTaken = ConcurrentHashMap.newKeySet();

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
        DataInputStream in = connection.in();
        Handshake.challenge(in, connection.out(), secret);
        Frame first = Frames.read(in);
        if (!(first instanceof Frame.Hello hello)) {
            throw new QueueException("the first frame must be a Hello that names the producer, not "
                    + (first == null ? "the end" : first));
        }
        String name = hello.producer();
        if (!expected.isEmpty() && !expected.contains(name)) {
            throw new QueueException("'" + name + "' is not the name of a worker this queue started");
        }
        if (!connected.add(name)) {
            throw new QueueException("a producer named '" + name + "' is connected already: two cannot share a name");
        }
        connection.welcome(name);
        boolean ended = false;
        for (Frame frame = Frames.read(in); frame != null; frame = Frames.read(in)) {
            if (ended || frame instanceof Frame.Hello) {
                throw new QueueException("sent " + frame + (ended ? " after its end marker" : ", a second Hello"));
            }
            ended = frame instanceof Frame.End;
            inbox.put(new Message(name, frame));
        }
        if (!ended) {
            throw new QueueException("closed its connection before its end marker");
        }
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
        long deadline = System.nanoTime() + nanos(timeout);
        checkOpen("take");
        while (true) {
            long left = deadline - System.nanoTime();
            Message message = inbox.poll(Duration.ofNanos(Math.max(0, Math.min(left, SLICE.toNanos()))));
            if (message != null) {
                if (message.frame() instanceof Frame.End) {
                    endsTaken.add(message.producer());
                }
                return message;
            }
            if (!server.failures().isEmpty()) {
                throw lost(server.failures().get(0));
            }
            for (ChildProcess child : watched.values()) {
                OptionalInt code = child.exitCode();
                if (code.isPresent()
                        && !endsTaken.contains(child.name())
                        && (code.getAsInt() != 0 || !connected.contains(child.name()))) {
                    throw new QueueException(
                            "worker '" + child.name() + "' " + exitOf(child) + " before its end marker");
                }
            }
            if (left <= 0) {
                throw new TimeoutException("nothing arrived on the queue within " + timeout.toMillis() + " ms");
            }
            checkOpen("take");
        }
    }

    /** Stops accepting, closes every connection, ends the threads, deletes the socket and its directory. */
    @Override
    public void close() {
        closed = true;
        server.close();
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
