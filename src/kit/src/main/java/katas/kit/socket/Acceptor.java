package katas.kit.socket;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SocketServer}'s threads: the acceptor, which admits each connection into a place of the {@link Places}
 * and gives it a handshake deadline, and one reader thread per connection, which runs the handler and records what
 * it throws (a refusal before the welcome, a failure after). {@link #close()} ends them all, bounded.
 */
final class Acceptor {

    /** How long {@link #close()} waits for all the threads together. */
    private static final long JOIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ServerSocketChannel channel;
    private final SocketServer.Handler handler;
    private final Places places;
    private final List<SocketServer.Refusal> refusals;
    private final List<SocketServer.Failure> failures;
    private final String threadPrefix;
    private final Thread thread;
    private final ScheduledThreadPoolExecutor deadlines;
    private final Set<PeerConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    private volatile boolean closed;

    Acceptor(
            ServerSocketChannel channel,
            SocketServer.Handler handler,
            Places places,
            List<SocketServer.Refusal> refusals,
            List<SocketServer.Failure> failures,
            String threadPrefix) {
        this.channel = channel;
        this.handler = handler;
        this.places = places;
        this.refusals = refusals;
        this.failures = failures;
        this.threadPrefix = threadPrefix;
        this.thread = new Thread(this::acceptLoop, threadPrefix + "acceptor");
        this.thread.setDaemon(true);
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, threadPrefix + "deadlines");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    void start() {
        thread.start();
    }

    int openConnections() {
        return open.size();
    }

    /**
     * Stops accepting, closes the listening channel and every connection, ends the threads and waits for them (at
     * most 5 s together).
     */
    void close() {
        closed = true;
        places.close(); // an acceptor waiting for a place ends
        SocketServer.closeQuietly(channel);
        deadlines.shutdownNow();
        open.forEach(PeerConnection::closeQuietly);
        thread.interrupt();
        readers.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + JOIN_NANOS;
        join(thread, deadline);
        readers.forEach(reader -> join(reader, deadline));
        try {
            deadlines.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        Duration timeout = places.handshakeTimeout;
        while (!closed) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                if (!closed) {
                    failures.add(new SocketServer.Failure("(the server)", "could not accept a connection: " + e, e));
                }
                return;
            }
            PeerConnection connection = new PeerConnection(accepted, connections.incrementAndGet(), places, refusals);
            if (!places.take(connection)) {
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
                forget(connection);
                continue;
            }
            try {
                connection.deadline = deadlines.schedule(connection::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                forget(connection);
                return;
            }
            Thread reader = new Thread(() -> serve(connection), threadPrefix + "reader-" + connection.number());
            reader.setDaemon(true);
            readers.add(reader);
            if (closed) {
                readers.remove(reader);
                forget(connection);
                return;
            }
            reader.start();
        }
    }

    private void forget(PeerConnection connection) {
        open.remove(connection);
        connection.leave();
        connection.closeQuietly();
    }

    /** A reader thread: the handler, then what it threw recorded, then the connection closed and its place freed. */
    private void serve(PeerConnection connection) {
        try {
            handler.serve(connection);
            if (!connection.welcomed()) {
                connection.refuse("the server ended the conversation without welcoming this peer");
            }
        } catch (Exception e) {
            if (!closed) {
                if (connection.welcomed()) {
                    failures.add(new SocketServer.Failure(connection.name(), SocketServer.printable(reason(e)), e));
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
}
