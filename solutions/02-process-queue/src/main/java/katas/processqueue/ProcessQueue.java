package katas.processqueue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import katas.kit.process.ChildProcess;
import katas.kit.process.ChildProcessTimeoutException;
import katas.kit.process.KitFiles;

/**
 * Steps 4 and 7, the parent's end of the queue: Python's {@code multiprocessing.Queue}, through the operating
 * system. The parent listens on a Unix domain socket in a private, owner-only temporary directory; any number
 * of producer processes connect ({@link QueueProducer}) and put frames; the parent {@link #take}s them.
 *
 * <p>Inside: an acceptor thread accepts connections, and one reader thread per connection reads frames and
 * puts them, with the producer's name, into one bounded {@link Inbox} (several reader threads, one inbox:
 * step 3's race). {@link #take} polls the inbox. Frames of one producer arrive in the order it put them
 * (FIFO per producer); frames of different producers interleave.
 *
 * <p>A producer that dies before its end marker must never hang the parent: {@link #take} fails with a
 * {@link QueueException} naming it (step 7), once the inbox holds nothing more to deliver.
 *
 * <p>Concurrency: {@link #take} and {@link #watch} are for the parent's one consuming thread; {@link #close()}
 * may be called from any thread, and is idempotent.
 */
public final class ProcessQueue implements AutoCloseable {

    /** The socket's file name in the queue's private directory. */
    public static final String SOCKET_FILE = "queue.sock";

    /**
     * What {@link #take} returns: a {@link Frame.Value} or an {@link Frame.End}, with the name of the
     * producer that sent it (from its {@link Frame.Hello}).
     */
    public record Message(String producer, Frame frame) {}

    /** How often take() looks for dead producers while it waits. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long take() waits for a lost producer's process to exit, to report its exit code. */
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(2);
    /** How long close() waits for each thread to end. */
    private static final long THREAD_JOIN_MILLIS = 2_000;

    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Inbox<Message> inbox;
    private final Thread acceptor;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    /** Producers that said Hello. */
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    /** Producers whose End take() has returned. Only the consuming thread touches it. */
    private final Set<String> endsTaken = ConcurrentHashMap.newKeySet();
    /** What went wrong on a connection, in the order the reader threads saw it. */
    private final ConcurrentLinkedQueue<Problem> problems = new ConcurrentLinkedQueue<>();

    private final Map<String, ChildProcess> watched = new ConcurrentHashMap<>();
    private final AtomicInteger readerNumber = new AtomicInteger();
    private volatile boolean closed;

    /** A producer's connection ended before its end marker, or carried bytes that are not frames. */
    private record Problem(String producer, String what, Throwable cause) {}

    private ProcessQueue(Path directory, Path socket, ServerSocketChannel server, int capacity) {
        this.directory = directory;
        this.socket = socket;
        this.server = server;
        this.inbox = new Inbox<>(capacity);
        this.acceptor = new Thread(this::acceptLoop, "katas-queue-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * Creates a private directory ({@code katas.kit.process.KitFiles.createPrivateDirectory()}: owner-only,
     * stale ones swept), listens on {@value #SOCKET_FILE} in it, and starts accepting producers.
     *
     * @param capacity the inbox's capacity, in messages; 1 or more
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws IOException if the socket cannot be made
     */
    public static ProcessQueue open(int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("a queue needs an inbox capacity of 1 or more, got " + capacity);
        }
        Path directory;
        try {
            directory = KitFiles.createPrivateDirectory();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path socket = directory.resolve(SOCKET_FILE);
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
            ProcessQueue queue = new ProcessQueue(directory, socket, server, capacity);
            queue.acceptor.start();
            return queue;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            KitFiles.deleteRecursively(directory);
            throw e;
        }
    }

    /** The socket file producers connect to. */
    public Path socketPath() {
        return socket;
    }

    /**
     * Tells the queue that {@code producer} is a worker process that will connect with its own name
     * ({@link ChildProcess#name()}): if it exits before its end marker was taken, {@link #take} fails
     * promptly, naming it and its exit code.
     *
     * @throws NullPointerException if {@code producer} is null
     * @throws IllegalStateException if the queue is closed
     */
    public void watch(ChildProcess producer) {
        Objects.requireNonNull(producer, "the worker process to watch must not be null");
        checkOpen("watch");
        watched.put(producer.name(), producer);
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
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        checkOpen("take");
        long start = System.nanoTime();
        long total = saturatedNanos(timeout);
        while (true) {
            long left = total - (System.nanoTime() - start);
            Message message = inbox.poll(Duration.ofNanos(Math.max(0, Math.min(left, SLICE_NANOS))));
            if (message != null) {
                if (message.frame() instanceof Frame.End) {
                    endsTaken.add(message.producer());
                }
                return message;
            }
            // Nothing to deliver: has a producer died?
            checkProblems();
            checkWatched();
            if (left <= 0) {
                throw new TimeoutException("nothing arrived on the queue within " + timeout.toMillis() + " ms"
                        + " (producers connected: " + connected + ", end markers taken: " + endsTaken + ")");
            }
            checkOpen("take");
        }
    }

    /**
     * Stops accepting, closes every connection, stops the threads, deletes the socket file and its
     * directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(server);
        connections.forEach(ProcessQueue::closeQuietly);
        acceptor.interrupt();
        readers.forEach(Thread::interrupt);
        joinQuietly(acceptor);
        readers.forEach(ProcessQueue::joinQuietly);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // The directory goes next, with everything in it.
        }
        KitFiles.deleteRecursively(directory);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException stopping) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    problems.add(new Problem("(not yet known)", "the queue could not accept a connection: " + e, e));
                }
                return;
            }
            connections.add(channel);
            if (closed) {
                closeQuietly(channel);
                return;
            }
            Thread reader = new Thread(() -> readLoop(channel), "katas-queue-reader-" + readerNumber.incrementAndGet());
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
    }

    /** One connection: a Hello, then values and one End, then the end of the stream. */
    private void readLoop(SocketChannel channel) {
        String producer = "(a producer that has not said hello)";
        boolean ended = false;
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024))) {
            Frame first = Frames.read(in);
            if (first == null) {
                return; // connected and left without a word: nothing was lost
            }
            if (!(first instanceof Frame.Hello hello)) {
                problems.add(new Problem(
                        producer,
                        "sent " + first + " as its first frame; a connection must start"
                                + " with a Hello frame that names the producer",
                        null));
                return;
            }
            producer = hello.producer();
            if (!connected.add(producer)) {
                problems.add(new Problem(
                        producer, "connected twice: two producers with one name cannot be told" + " apart", null));
                return;
            }
            for (Frame frame = Frames.read(in); frame != null; frame = Frames.read(in)) {
                if (ended) {
                    problems.add(new Problem(producer, "sent " + frame + " after its end marker", null));
                    return;
                }
                if (frame instanceof Frame.Hello) {
                    problems.add(new Problem(producer, "sent a second Hello frame", null));
                    return;
                }
                ended = frame instanceof Frame.End;
                inbox.put(new Message(producer, frame));
            }
            if (!ended) {
                problems.add(new Problem(producer, "closed its connection before its end marker", null));
            }
        } catch (FrameException e) {
            problems.add(new Problem(producer, "sent bytes that are not a frame: " + e.getMessage(), e));
        } catch (InterruptedException stopping) {
            // close() interrupts readers blocked on a full inbox.
        } catch (IOException | RuntimeException e) {
            if (!closed && !ended) {
                problems.add(new Problem(producer, "lost its connection before its end marker: " + e, e));
            }
        } finally {
            connections.remove(channel);
            closeQuietly(channel);
        }
    }

    private void checkProblems() throws QueueException {
        Problem problem = problems.peek();
        if (problem == null) {
            return;
        }
        ChildProcess child = watched.get(problem.producer());
        String exit = "";
        if (child != null) {
            try {
                exit = "; it exited with code " + child.join(EXIT_CODE_WAIT) + explain(child.exitCode());
            } catch (ChildProcessTimeoutException stillRunning) {
                exit = "; its process (pid " + child.pid() + ") is still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new QueueException("producer '" + problem.producer() + "' " + problem.what() + exit, problem.cause());
    }

    private void checkWatched() throws QueueException {
        for (ChildProcess child : watched.values()) {
            if (endsTaken.contains(child.name())) {
                continue;
            }
            OptionalInt code = child.exitCode();
            if (code.isEmpty()) {
                continue;
            }
            boolean connectedOnce = connected.contains(child.name());
            if (code.getAsInt() != 0 || !connectedOnce) {
                String stderr = child.stderrText().strip();
                throw new QueueException("worker '" + child.name() + "' (pid " + child.pid() + ") exited with code "
                        + code.getAsInt() + explain(code) + " before its end marker"
                        + (connectedOnce
                                ? ""
                                : " (its Hello never arrived: it never connected, or its frames never"
                                        + " left its buffer)")
                        + (stderr.isEmpty()
                                ? ""
                                : "; the end of its standard error: "
                                        + stderr.substring(Math.max(0, stderr.length() - 600))));
            }
            // Exited with 0 after connecting: its last frames may still be on their way; its reader will report
            // a connection that ended without an End.
        }
    }

    private static String explain(OptionalInt code) {
        if (code.isEmpty() || code.getAsInt() <= 128 || code.getAsInt() >= 128 + 65) {
            return "";
        }
        int signal = code.getAsInt() - 128;
        return " (128 + " + signal + ": killed by signal " + signal + (signal == 9 ? ", SIGKILL" : "") + ")";
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + " on a closed queue");
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing anyway.
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(THREAD_JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
