package katas.kit.socket;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import katas.kit.Printable;
import katas.kit.process.KitFiles;

/**
 * A Unix domain socket server for the process katas: the plumbing under a kata's queue (or pipe), so that the
 * kata's own code is only its protocol. Given code: read it, use it, don't edit it.
 *
 * <p>What it does for you:
 * <ul>
 *   <li>{@link #open}: a private directory ({@link KitFiles#createPrivateDirectory()}: owner-only, named
 *       {@code katas-<pid>-<run>-...} so that a killed owner's directory is swept), a check that the socket's path
 *       fits the operating system's limit ({@link #maxPathBytes()}) <em>before</em> it binds, the bind, and
 *       owner-only permissions on the socket file;</li>
 *   <li>an acceptor thread, and one reader thread per connection that calls your {@link Handler};</li>
 *   <li>two bounds, so that strangers can never take a welcomed peer's place: one on the peers
 *       {@linkplain Connection#welcome welcomed} at once (past it, {@code welcome} refuses the next one, with the
 *       reason), and a separate one on the connections still in their handshake (admitted, not yet welcomed);</li>
 *   <li>a deadline for the handshake: a connection that is not welcomed within the handshake timeout (a peer that
 *       connects and says nothing) is refused and closed, so that it cannot hold a place for ever;</li>
 *   <li>a fair share of the handshake's places: when they are all taken and another connection arrives, the oldest
 *       connection still in its handshake is dropped to make room, once it has had {@link #HANDSHAKE_FAIR_TIME}
 *       (a real peer answers well within it); until then the newcomer waits, unadmitted (and the ones after it in
 *       the operating system's queue of connections), never refused. So a flood of connections that say nothing
 *       delays a real peer by about a second per {@link #MAX_IN_HANDSHAKE} of them, and never keeps it out;</li>
 *   <li>{@link #close()}: closes the channels, ends and joins the threads, deletes the socket and its
 *       directory.</li>
 * </ul>
 *
 * <p>The bytes it puts on each connection, around yours (the client's side is {@link SocketClient}):
 * <pre>
 *   server -&gt; client   {@link #ADMITTED}                      the connection has a reader thread; your handler starts
 *   ... your handler's handshake: it ends with Connection.welcome(name), or by throwing ...
 *   server -&gt; client   {@link #WELCOME}                       from {@link Connection#welcome(String)}
 *                    or {@link #REFUSED} + reason (writeUTF)    your handler threw before welcome() (its message), or
 *                                                           welcome() found too many peers welcomed already
 *   (a connection whose handshake ran out of time, or was dropped to make room, is closed without a verdict)
 *   ... then your protocol, until the handler returns or throws ...
 * </pre>
 *
 * <p>What your handler throws <em>before</em> {@link Connection#welcome} refuses the peer: the server sends the
 * exception's message as the reason, closes the connection and adds a {@link Refusal} to {@link #refusals()}.
 * What it throws <em>after</em> is a failure of a peer that was welcomed: it goes to {@link #failures()}, for you
 * to report. A reader thread never dies silently. Reasons are made printable first ({@link #printable}): a
 * peer's name with control characters is never echoed raw into a message.
 *
 * <p>Concurrency: the handler runs on one reader thread per connection, several at once; everything else may be
 * called from any thread. {@link #close()} is idempotent and waits (bounded) for the threads to end.
 */
public final class SocketServer implements AutoCloseable {

    /** The server admits the connection: a reader thread serves it. */
    public static final byte ADMITTED = 'A';
    /** The server welcomes the peer: the handshake is over, the peer may talk. */
    public static final byte WELCOME = 'W';
    /** The server refuses the peer; a reason follows ({@link java.io.DataOutput#writeUTF}), then the end. */
    public static final byte REFUSED = 'R';
    /** How long a connection may take from its admission to its welcome, unless {@link #open} says otherwise. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** How many connections may be in their handshake at once, unless {@link #open} says otherwise. */
    public static final int MAX_IN_HANDSHAKE = 128;
    /**
     * How long a connection in its handshake keeps its place whatever arrives after it (or a quarter of the handshake
     * timeout, if that is shorter); after it, the oldest is dropped when a newcomer needs its place.
     */
    public static final Duration HANDSHAKE_FAIR_TIME = Duration.ofSeconds(1);
    /** The longest reason a refusal carries, in characters (a longer one is cut, saying how much was cut). */
    public static final int MAX_REASON_CHARS = 500;

    /** The buffer of each connection's input stream. */
    static final int BUFFER_BYTES = 64 * 1024;
    /** How long {@link #close()} waits for all the threads together. */
    private static final long JOIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final AtomicInteger SERVERS = new AtomicInteger();

    /**
     * Serves one connection, on its own reader thread: the kata's protocol. It calls
     * {@link Connection#welcome(String)} once the peer has proved who it is; it may throw to refuse the peer
     * (before the welcome) or to report a failure (after it).
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param connection the admitted connection; it is closed when this method returns or throws
         * @throws Exception to refuse the peer (before {@link Connection#welcome}) or report its failure (after)
         */
        void serve(Connection connection) throws Exception;
    }

    /**
     * A peer the server refused, and why.
     *
     * @param peer   {@code connection N}, or the name it was welcomed with, printable
     * @param reason the reason the peer was sent, printable
     */
    public record Refusal(String peer, String reason) {}

    /**
     * A welcomed peer whose handler threw: what the kata's code reports.
     *
     * @param peer   the name it was welcomed with, as given to {@link Connection#welcome} (not escaped)
     * @param reason the exception's message, printable
     * @param cause  what the handler threw
     */
    public record Failure(String peer, String reason, Throwable cause) {}

    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel channel;
    private final int maxConnections;
    private final int maxInHandshake;
    private final long fairNanos;
    private final Duration handshakeTimeout;
    private final Handler handler;
    private final String threadPrefix;
    private final Thread acceptor;
    private final ScheduledThreadPoolExecutor deadlines;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** Guards the places: {@link #inHandshake}, {@link #welcomedNow} and every connection's {@code settled}. */
    private final Object places = new Object();
    /** The connections admitted and not yet settled, oldest first. */
    private final Set<Connection> inHandshake = new LinkedHashSet<>();
    /** How many welcomed peers are connected now. */
    private int welcomedNow;

    private volatile boolean closed;

    private SocketServer(
            Path directory,
            Path socket,
            ServerSocketChannel channel,
            int maxConnections,
            int maxInHandshake,
            Duration handshakeTimeout,
            Handler handler) {
        this.directory = directory;
        this.socket = socket;
        this.channel = channel;
        this.maxConnections = maxConnections;
        this.maxInHandshake = maxInHandshake;
        this.fairNanos = Math.min(HANDSHAKE_FAIR_TIME.toNanos(), handshakeTimeout.toNanos() / 4);
        this.handshakeTimeout = handshakeTimeout;
        this.handler = handler;
        this.threadPrefix = "katas-socket-" + SERVERS.incrementAndGet() + "-";
        this.acceptor = new Thread(this::acceptLoop, threadPrefix + "acceptor");
        this.acceptor.setDaemon(true);
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, threadPrefix + "deadlines");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * {@link #open(String, int, Duration, Handler)} with the {@link #HANDSHAKE_TIMEOUT}.
     *
     * @throws IOException as there
     */
    public static SocketServer open(String fileName, int maxConnections, Handler handler) throws IOException {
        return open(fileName, maxConnections, HANDSHAKE_TIMEOUT, handler);
    }

    /**
     * {@link #open(String, int, int, Duration, Handler)} with {@link #MAX_IN_HANDSHAKE} places for handshakes.
     *
     * @throws IOException as there
     */
    public static SocketServer open(String fileName, int maxConnections, Duration handshakeTimeout, Handler handler)
            throws IOException {
        return open(fileName, maxConnections, MAX_IN_HANDSHAKE, handshakeTimeout, handler);
    }

    /**
     * Creates a private directory, listens on {@code fileName} in it, and starts accepting connections.
     *
     * @param fileName         the socket file's name, such as {@code queue.sock}: 1 to 64 letters, digits, {@code .},
     *                         {@code _} or {@code -}
     * @param maxConnections   how many welcomed peers may be connected at once; {@link Connection#welcome} refuses
     *                         one more, with the reason. Connections still in their handshake do not count
     * @param maxInHandshake   how many connections may be in their handshake at once (admitted, not yet welcomed);
     *                         past it, the oldest is dropped for a newcomer once it has had its fair time (see the
     *                         class comment)
     * @param handshakeTimeout how long a connection may take to be welcomed; positive
     * @param handler          serves each connection, on its own thread
     * @return the listening server; close it
     * @throws IOException if the socket cannot be made: its path is too long for the operating system (said before
     *         anything is bound: the message names the path, its length and the limit), the directory cannot be
     *         created, the bind fails
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code fileName} is not a plain file name, {@code maxConnections < 1},
     *         {@code maxInHandshake < 1} or the timeout is not positive
     */
    public static SocketServer open(
            String fileName, int maxConnections, int maxInHandshake, Duration handshakeTimeout, Handler handler)
            throws IOException {
        Objects.requireNonNull(fileName, "the socket's file name must not be null");
        Objects.requireNonNull(handshakeTimeout, "the handshake timeout must not be null");
        Objects.requireNonNull(handler, "the handler that serves each connection must not be null");
        if (!fileName.matches("[A-Za-z0-9._-]{1,64}") || fileName.matches("\\.+")) {
            throw new IllegalArgumentException("the socket's file name must be 1 to 64 letters, digits, '.', '_' or"
                    + " '-' (a name, not a path), got '" + printable(fileName) + "'");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("a server needs room for 1 connection or more, got " + maxConnections);
        }
        if (maxInHandshake < 1) {
            throw new IllegalArgumentException(
                    "a server needs room for 1 handshake or more at once, got " + maxInHandshake);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive, got " + handshakeTimeout);
        }
        Path directory;
        try {
            directory = KitFiles.createPrivateDirectory();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path socket = directory.resolve(fileName);
        ServerSocketChannel channel = null;
        try {
            checkPathLength(socket);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socket));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
            SocketServer server = new SocketServer(
                    directory, socket, channel, maxConnections, maxInHandshake, handshakeTimeout, handler);
            server.acceptor.start();
            return server;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            KitFiles.deleteRecursively(directory);
            throw e;
        }
    }

    /**
     * The longest socket path this operating system takes, in bytes: {@code sun_path} holds 108 bytes on Linux
     * (and Windows), 104 on macOS and the BSDs, the closing NUL included.
     */
    public static int maxPathBytes() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean bsd = os.contains("mac") || os.contains("darwin") || os.contains("bsd");
        return (bsd ? 104 : 108) - 1;
    }

    /** Refuses, before any bind, a socket path longer than {@link #maxPathBytes()}. */
    static void checkPathLength(Path socket) throws IOException {
        int bytes = socket.toString().getBytes(pathCharset()).length;
        if (bytes > maxPathBytes()) {
            throw new IOException(String.format(
                    Locale.ROOT,
                    "the socket path %s is %d bytes long, but a Unix domain socket path may have at most %d bytes"
                            + " here (sun_path holds %d, with the closing NUL): the temporary directory"
                            + " (java.io.tmpdir=%s) is too deep; use a shorter one, such as -Djava.io.tmpdir=/tmp",
                    socket,
                    bytes,
                    maxPathBytes(),
                    maxPathBytes() + 1,
                    System.getProperty("java.io.tmpdir")));
        }
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The socket file clients connect to. */
    public Path socketPath() {
        return socket;
    }

    /** The private directory the socket is in. */
    public Path directory() {
        return directory;
    }

    /** The peers refused so far, in order (a live, read-only view: it grows while the server runs). */
    public List<Refusal> refusals() {
        return Collections.unmodifiableList(refusals);
    }

    /** The failures of welcomed peers so far, in order (a live, read-only view). */
    public List<Failure> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** How many connections are open now (admitted, not yet ended). */
    public int openConnections() {
        return open.size();
    }

    /** How many connections are in their handshake now (admitted, not yet welcomed, refused or dropped). */
    public int connectionsInHandshake() {
        synchronized (places) {
            return inHandshake.size();
        }
    }

    /** The start of the names of this server's threads, such as {@code katas-socket-3-}. */
    public String threadNamePrefix() {
        return threadPrefix;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops accepting, closes every connection, ends the threads and waits for them (at most 5 s together), then
     * deletes the socket file and its directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (places) {
            places.notifyAll(); // an acceptor waiting for a place ends
        }
        closeQuietly(channel);
        deadlines.shutdownNow();
        open.forEach(Connection::closeQuietly);
        acceptor.interrupt();
        readers.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + JOIN_NANOS;
        join(acceptor, deadline);
        readers.forEach(reader -> join(reader, deadline));
        try {
            deadlines.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // The directory goes next, with everything in it.
        }
        KitFiles.deleteRecursively(directory);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                if (!closed) {
                    failures.add(new Failure("(the server)", "could not accept a connection: " + e, e));
                }
                return;
            }
            Connection connection = new Connection(accepted, connections.incrementAndGet());
            if (!placeInHandshake(connection)) {
                connection.closeQuietly();
                return;
            }
            open.add(connection);
            if (closed) {
                open.remove(connection);
                connection.closeQuietly();
                return;
            }
            try {
                connection.admit();
            } catch (IOException peerGone) {
                open.remove(connection);
                connection.leave();
                connection.closeQuietly();
                continue;
            }
            try {
                connection.deadline =
                        deadlines.schedule(connection::expire, handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                open.remove(connection);
                connection.leave();
                connection.closeQuietly();
                return;
            }
            Thread reader = new Thread(() -> serve(connection), threadPrefix + "reader-" + connection.number);
            reader.setDaemon(true);
            readers.add(reader);
            if (closed) {
                readers.remove(reader);
                open.remove(connection);
                connection.leave();
                connection.closeQuietly();
                return;
            }
            reader.start();
        }
    }

    /**
     * Takes a place among the connections in their handshake for {@code newcomer}: at once if there is one; else
     * drops the oldest connection still in its handshake once it has had its fair time, waiting until then (the
     * newcomer is not admitted meanwhile; the connections after it wait in the operating system's queue).
     *
     * @return false if the server closed meanwhile
     */
    private boolean placeInHandshake(Connection newcomer) {
        while (true) {
            Connection dropped = null;
            synchronized (places) {
                while (!closed && inHandshake.size() >= maxInHandshake) {
                    Connection oldest = inHandshake.iterator().next();
                    long wait = oldest.admittedAt + fairNanos - System.nanoTime();
                    if (wait <= 0) {
                        oldest.settled = true;
                        inHandshake.remove(oldest);
                        dropped = oldest;
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(places, wait);
                    } catch (InterruptedException closing) {
                        return false;
                    }
                }
                if (closed) {
                    return false;
                }
                if (dropped == null) {
                    newcomer.admittedAt = System.nanoTime();
                    inHandshake.add(newcomer);
                    return true;
                }
            }
            dropped.drop();
        }
    }

    private void serve(Connection connection) {
        try {
            handler.serve(connection);
            if (!connection.welcomed) {
                connection.refuse("the server ended the conversation without welcoming this peer");
            }
        } catch (Exception e) {
            if (!closed) {
                if (connection.welcomed) {
                    failures.add(new Failure(connection.name, printable(reason(e)), e));
                } else {
                    connection.refuse(reason(e));
                }
            }
        } finally {
            connection.closeQuietly();
            connection.leave();
            open.remove(connection);
            readers.remove(Thread.currentThread());
        }
    }

    /** The words of a failure: an I/O exception's message, else the exception itself. */
    private static String reason(Exception e) {
        String message = e.getMessage();
        if (e instanceof EOFException) {
            return "the stream ended in the middle of the conversation" + (message == null ? "" : ": " + message);
        }
        return e instanceof IOException && message != null ? message : e.toString();
    }

    /**
     * {@code text} with every character that could hide or disguise something in a message escaped as
     * {@code \\uXXXX}: control characters (line breaks, escape sequences of a terminal, NUL), format characters
     * (right-to-left overrides, zero-width ones), line and paragraph separators, lone surrogates, and U+FFFD (what
     * bytes that are not UTF-8 decode to); cut to {@link #MAX_REASON_CHARS} characters, saying how many were cut.
     *
     * @throws NullPointerException if {@code text} is null
     */
    public static String printable(String text) {
        return Printable.of(Objects.requireNonNull(text, "text must not be null"), MAX_REASON_CHARS);
    }

    /**
     * Whether {@code name} can be shown in a message as it is: not blank, and nothing that {@link #printable}
     * would escape.
     */
    public static boolean isPrintableName(String name) {
        return name != null && !name.isBlank() && Printable.isPlain(name);
    }

    private static void join(Thread thread, long deadline) {
        if (thread == Thread.currentThread()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing anyway.
        }
    }

    /**
     * One admitted connection, as the {@link Handler} sees it: its streams, and {@link #welcome} to end the
     * handshake. Its streams are for the handler's thread only.
     */
    public final class Connection {

        private final SocketChannel channel;
        private final int number;
        private final DataInputStream in;
        private final DataOutputStream out;
        /** Welcomed, refused, expired or dropped: the first wins, the others do nothing. Guarded by places. */
        private boolean settled;
        /** Whether it holds one of the welcomed peers' places. Guarded by places. */
        private boolean counted;
        /** When it took its place among the connections in their handshake (System.nanoTime()). Guarded by places. */
        private long admittedAt;

        private volatile ScheduledFuture<?> deadline;
        private volatile String name;
        private volatile boolean welcomed;

        private Connection(SocketChannel channel, int number) {
            this.channel = channel;
            this.number = number;
            this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), BUFFER_BYTES));
            this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        }

        /** What the peer sends, buffered (64 KiB). */
        public DataInputStream in() {
            return in;
        }

        /** What goes to the peer, buffered: flush when the peer must see it (it waits for it). */
        public DataOutputStream out() {
            return out;
        }

        /** The connection's number on this server: 1 for the first accepted, and so on. */
        public int number() {
            return number;
        }

        /**
         * Ends the handshake: the peer is who it says, under {@code name}. Sends {@link #WELCOME} (and whatever
         * the handler left in {@link #out()}). From now on, what the handler throws is a {@link Failure} of
         * {@code name}, no longer a refusal.
         *
         * @param name the peer's name, as failures will name it
         * @throws IOException if the name cannot be shown in a message as it is ({@link #isPrintableName}: blank,
         *         control characters, bytes that were not UTF-8...; thrown before anything is sent, so the handler
         *         refuses the peer by letting it propagate), if as many peers as the server takes are welcomed
         *         and connected already ({@code too many connections}: the same), if the handshake's time ran out
         *         already or the connection was dropped to make room, or if the peer is gone
         * @throws NullPointerException if {@code name} is null
         */
        public void welcome(String name) throws IOException {
            Objects.requireNonNull(name, "the name to welcome a peer with must not be null");
            if (!isPrintableName(name)) {
                throw new IOException("the name \"" + printable(name) + "\" is blank or has characters that cannot"
                        + " be shown in a message (shown escaped: control or format characters, or bytes that were"
                        + " not UTF-8, which decode to \\ufffd)");
            }
            synchronized (places) {
                if (settled) {
                    throw new IOException("connection " + number + " was closed already: its handshake took longer"
                            + " than " + handshakeTimeout.toMillis() + " ms, or it was dropped to make room for newer"
                            + " connections after " + TimeUnit.NANOSECONDS.toMillis(fairNanos) + " ms");
                }
                if (welcomedNow >= maxConnections) {
                    throw new IOException(String.format(
                            Locale.ROOT,
                            "too many connections: %d are connected, the limit of this server (each has a reader"
                                    + " thread); try again when one has ended",
                            maxConnections));
                }
                settled = true;
                counted = true;
                welcomedNow++;
                inHandshake.remove(this);
                places.notifyAll();
            }
            ScheduledFuture<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
            this.name = name;
            this.welcomed = true;
            out.writeByte(WELCOME);
            out.flush();
        }

        /** Whether {@link #welcome} was called. */
        public boolean welcomed() {
            return welcomed;
        }

        private void admit() throws IOException {
            out.writeByte(ADMITTED);
            out.flush();
        }

        /** Sends {@link #REFUSED} and the reason, and records the refusal; nothing if settled already. */
        private void refuse(String reason) {
            if (!settle()) {
                return;
            }
            String shown = printable(reason);
            refusals.add(new Refusal("connection " + number, shown));
            try {
                out.writeByte(REFUSED);
                out.writeUTF(shown);
                out.flush();
            } catch (IOException peerGone) {
                // It cannot hear the reason; the refusal is recorded all the same.
            }
        }

        /** The handshake's time ran out: refuse (recorded) and close; the blocked reader thread then ends. */
        private void expire() {
            if (settle()) {
                refusals.add(new Refusal(
                        "connection " + number,
                        "it did not finish its handshake within " + handshakeTimeout.toMillis()
                                + " ms (connected and said too little); closed, so that it holds no reader thread"));
                closeQuietly();
            }
        }

        /**
         * Dropped by the acceptor (already settled, under places) to make room for a newcomer: recorded and closed,
         * without a verdict (its handler may be writing to it); the blocked reader thread then ends.
         */
        private void drop() {
            refusals.add(new Refusal(
                    "connection " + number,
                    String.format(
                            Locale.ROOT,
                            "dropped to make room: %d connections were in their handshake, the most this server"
                                    + " takes, and this one, the oldest, had not been welcomed after %d ms",
                            maxInHandshake,
                            TimeUnit.NANOSECONDS.toMillis(fairNanos))));
            closeQuietly();
        }

        /** Settles it (true), unless it is settled already (false); its place in the handshake is free then. */
        private boolean settle() {
            synchronized (places) {
                if (settled) {
                    return false;
                }
                settled = true;
                if (inHandshake.remove(this)) {
                    places.notifyAll();
                }
                return true;
            }
        }

        /** Gives back its place, whichever it holds: the connection has ended. */
        private void leave() {
            synchronized (places) {
                settled = true;
                if (inHandshake.remove(this)) {
                    places.notifyAll();
                }
                if (counted) {
                    counted = false;
                    welcomedNow--;
                    places.notifyAll();
                }
            }
        }

        private void closeQuietly() {
            ScheduledFuture<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
            SocketServer.closeQuietly(channel);
        }

        @Override
        public String toString() {
            return "connection " + number + (name == null ? "" : " ('" + printable(name) + "')");
        }
    }
}
