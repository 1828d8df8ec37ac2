package katas.kit.socket;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import katas.kit.Printable;
import katas.kit.process.KitFiles;

/**
 * A Unix domain socket server for the process katas: the plumbing under a kata's queue, so that the kata's own code
 * is only its protocol. {@link #open} listens in a private directory; your {@link Handler} serves each connection on
 * a thread of its own and ends its handshake with {@link Connection#welcome}, or refuses the peer by throwing. The
 * bytes on the wire: {@link #ADMITTED}, then {@link #WELCOME} or {@link #REFUSED}, then your protocol; the client's
 * end is {@link SocketClient}. Strangers never take a welcomed peer's place ({@link #MAX_IN_HANDSHAKE}). Thread-safe;
 * {@link #close()} ends every thread and deletes the files. Given code: read it, use it, don't edit it.
 */
public final class SocketServer implements AutoCloseable {

    /** The server admits the connection: a reader thread serves it, and the handler's handshake starts. */
    public static final byte ADMITTED = 'A';
    /** The server welcomes the peer ({@link Connection#welcome}): the handshake is over, the peer may talk. */
    public static final byte WELCOME = 'W';
    /**
     * The server refuses the peer; a reason follows ({@link java.io.DataOutput#writeUTF}), then the end. A connection
     * whose handshake ran out of time, or that was dropped to make room, is closed without a verdict.
     */
    public static final byte REFUSED = 'R';
    /**
     * How long a connection may take from its admission to its welcome, unless {@link #open} says otherwise: a peer
     * that connects and says nothing is refused and closed then, so that it cannot hold a place for ever.
     */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How many connections may be in their handshake at once, unless {@link #open} says otherwise; the welcomed peers
     * have places of their own. When all are taken and another connection arrives, the oldest connection still in its
     * handshake is dropped to make room once it has had {@link #HANDSHAKE_FAIR_TIME}; until then the newcomer waits,
     * unadmitted, never refused. So a flood of connections that say nothing delays a real peer by about a second per
     * {@code MAX_IN_HANDSHAKE} of them, and never keeps it out.
     */
    public static final int MAX_IN_HANDSHAKE = 128;
    /**
     * How long a connection in its handshake keeps its place whatever arrives after it (or a quarter of the handshake
     * timeout, if that is shorter); after it, the oldest is dropped when a newcomer needs its place.
     */
    public static final Duration HANDSHAKE_FAIR_TIME = Duration.ofSeconds(1);
    /** The longest reason a refusal carries, in characters (a longer one is cut, saying how much was cut). */
    public static final int MAX_REASON_CHARS = 500;

    private static final AtomicInteger SERVERS = new AtomicInteger();

    /**
     * Serves one connection, on its own reader thread (several run at once): the kata's protocol. It calls
     * {@link Connection#welcome(String)} once the peer has proved who it is. What it throws <em>before</em> the
     * welcome refuses the peer: the server sends the exception's message as the reason, closes the connection and
     * adds a {@link Refusal} to {@link #refusals()}. What it throws <em>after</em> is a {@link Failure} of a welcomed
     * peer, in {@link #failures()}, for the kata's code to report. A reader thread never dies silently.
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
     * One admitted connection, as the {@link Handler} sees it: its streams, and {@link #welcome} to end the
     * handshake. Its streams are for the handler's thread only.
     */
    public interface Connection {

        /** What the peer sends, buffered (64 KiB). */
        DataInputStream in();

        /** What goes to the peer, buffered: flush when the peer must see it (it waits for it). */
        DataOutputStream out();

        /** The connection's number on this server: 1 for the first accepted, and so on. */
        int number();

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
        void welcome(String name) throws IOException;

        /** Whether {@link #welcome} was called. */
        boolean welcomed();
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
    private final String threadPrefix;
    private final Places places;
    private final Acceptor acceptor;
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();

    private volatile boolean closed;

    private SocketServer(Path directory, Path socket, ServerSocketChannel channel, Places places, Handler handler) {
        this.directory = directory;
        this.socket = socket;
        this.places = places;
        this.threadPrefix = "katas-socket-" + SERVERS.incrementAndGet() + "-";
        this.acceptor = new Acceptor(channel, handler, places, refusals, failures, threadPrefix);
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
     * Creates a private directory ({@link KitFiles#createPrivateDirectory()}: owner-only, named
     * {@code katas-<pid>-<run>-...} so that a killed owner's directory is swept), checks that the socket's path fits
     * the operating system's limit ({@link #maxPathBytes()}) before it binds, listens on {@code fileName} in it
     * (owner-only), and starts accepting connections.
     *
     * @param fileName         the socket file's name, such as {@code queue.sock}: 1 to 64 letters, digits, {@code .},
     *                         {@code _} or {@code -}
     * @param maxConnections   how many welcomed peers may be connected at once; {@link Connection#welcome} refuses
     *                         one more, with the reason. Connections still in their handshake do not count
     * @param maxInHandshake   how many connections may be in their handshake at once (admitted, not yet welcomed);
     *                         past it, the oldest is dropped for a newcomer once it has had its fair time (see
     *                         {@link #MAX_IN_HANDSHAKE})
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
        try {
            ServerSocketChannel channel = SocketFile.bind(socket);
            Places places = new Places(maxConnections, maxInHandshake, handshakeTimeout);
            SocketServer server = new SocketServer(directory, socket, channel, places, handler);
            server.acceptor.start();
            return server;
        } catch (IOException | RuntimeException e) {
            KitFiles.deleteRecursively(directory);
            throw e;
        }
    }

    /**
     * The longest socket path this operating system takes, in bytes: {@code sun_path} holds 108 bytes on Linux
     * (and Windows), 104 on macOS and the BSDs, the closing NUL included.
     */
    public static int maxPathBytes() {
        return SocketFile.maxPathBytes();
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
        return acceptor.openConnections();
    }

    /** How many connections are in their handshake now (admitted, not yet welcomed, refused or dropped). */
    public int connectionsInHandshake() {
        return places.inHandshake();
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
        acceptor.close();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // The directory goes next, with everything in it.
        }
        KitFiles.deleteRecursively(directory);
    }

    /**
     * {@code text} made fit to quote in a message ({@link Printable#of}): control and format characters, separators,
     * lone surrogates and U+FFFD escaped, cut to {@link #MAX_REASON_CHARS} characters, saying how many were cut.
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

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing anyway.
        }
    }
}
