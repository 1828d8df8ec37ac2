package katas.processqueue;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import katas.kit.process.ChildMain;
import katas.kit.process.KitFiles;

/**
 * Step 4, the producer's end of the queue: what a worker process uses to {@code put} (the lesson's
 * {@code q.put(result)}). It connects to the parent's Unix domain socket, introduces itself with a
 * {@link Frame.Hello}, then writes {@link Frame.Value} frames and finally one {@link Frame.End}.
 *
 * <p>Writes are buffered (one system call per 64 KiB, not per value): {@link #put} may leave its bytes in
 * the buffer; {@link #flush()}, {@link #end()} and {@link #close()} send them.
 *
 * <p>Concurrency: one producer object is for one thread.
 */
public final class QueueProducer implements AutoCloseable {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final DataOutputStream out;
    /** The queue's katas-&lt;pid&gt;- directory when another process owns it (this JVM's parent), else null. */
    private final Path ownersDirectory;

    private final long ownerPid;
    private final boolean ownersChild;
    private boolean ended;
    private boolean closed;

    private QueueProducer(DataOutputStream out, Path ownersDirectory, long ownerPid, boolean ownersChild) {
        this.out = out;
        this.ownersDirectory = ownersDirectory;
        this.ownerPid = ownerPid;
        this.ownersChild = ownersChild;
    }

    /**
     * Connects to the queue whose socket is {@code socket} and sends {@code Hello(name)}. In a child JVM of the
     * queue's owner it also makes sure the socket's private directory is deleted if the parent is killed
     * (step 7): the watchdog's {@code ChildMain.onParentDeath} hook while the worker is quiet, and a check after
     * a failed write (a write to a dead parent fails before the watchdog notices).
     *
     * @param socket the parent's socket file ({@link ProcessQueue#socketPath()})
     * @param name   this producer's name, as the parent will report it (e.g. {@code worker-1})
     * @return the connected producer
     * @throws IOException if there is no queue listening at {@code socket}: the message names the path
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static QueueProducer connect(Path socket, String name) throws IOException {
        Objects.requireNonNull(socket, "the queue's socket path must not be null");
        Objects.requireNonNull(name, "the producer's name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the producer's name must not be blank");
        }
        // The queue's directory is katas-<owner pid>-...: if its owner (our parent) is killed (kill -9), no close()
        // runs there, so the workers delete the directory on their way out, however they go: the watchdog's
        // parent-death hook, a connect that finds nobody listening, a write that finds the other end gone.
        Path directory = socket.toAbsolutePath().getParent();
        long owner = directory == null || directory.getFileName() == null
                ? -1
                : KitFiles.ownerPid(directory.getFileName().toString());
        Path ownersDirectory = owner > 0 && owner != ProcessHandle.current().pid() ? directory : null;
        boolean ownersChild =
                ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == owner;
        if (ownersDirectory != null) {
            ChildMain.onParentDeath(() -> deleteIfOwnerDied(directory, owner, ownersChild));
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            if (ownersDirectory != null) {
                deleteIfOwnerDied(directory, owner, ownersChild);
            }
            throw new IOException(
                    "cannot connect to the queue at " + socket + ": " + e.getMessage()
                            + " (is the parent's ProcessQueue open there?)",
                    e);
        }
        DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES));
        QueueProducer producer = new QueueProducer(out, ownersDirectory, owner, ownersChild);
        producer.send(new Frame.Hello(name), false);
        return producer;
    }

    /**
     * Puts one value on the queue (buffered).
     *
     * @throws IllegalStateException after {@link #end()} or {@link #close()}
     * @throws IOException if the connection fails
     */
    public void put(long value) throws IOException {
        checkOpen("put");
        send(new Frame.Value(value), false);
    }

    /** Sends what is buffered now. @throws IOException if the connection fails */
    public void flush() throws IOException {
        if (!closed) {
            send(null, true);
        }
    }

    /**
     * Sends the end marker and everything before it: the parent sees it even while this producer is still
     * connected.
     *
     * @throws IllegalStateException after {@link #end()} or {@link #close()}
     * @throws IOException if the connection fails
     */
    public void end() throws IOException {
        checkOpen("end");
        send(new Frame.End(), true);
        ended = true;
    }

    /** Sends what is buffered and closes the connection. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                out.close(); // flushes the buffer, then closes the channel
            } catch (IOException e) {
                cleanUpIfParentDied();
                throw e;
            }
        }
    }

    /** Writes {@code frame} (if not null), flushes if asked; on a broken connection, cleans up after a dead parent. */
    private void send(Frame frame, boolean flush) throws IOException {
        try {
            if (frame != null) {
                Frames.write(out, frame);
            }
            if (flush) {
                out.flush();
            }
        } catch (IOException e) {
            cleanUpIfParentDied();
            throw e;
        }
    }

    /** The connection broke: if the queue's owner was killed, delete its directory (see {@link #deleteIfOwnerDied}). */
    private void cleanUpIfParentDied() {
        if (ownersDirectory != null) {
            deleteIfOwnerDied(ownersDirectory, ownerPid, ownersChild);
        }
    }

    /**
     * Deletes the queue's directory if the JVM that owns it has died: its pid is gone, or (for its child) this
     * process has been given a new parent, which the operating system does as soon as a parent exits. A broken
     * connection shows a moment before that, so wait for it, at most a second; an owner still alive after that
     * closed the queue itself, and its directory is its own business.
     */
    private static void deleteIfOwnerDied(Path directory, long owner, boolean ownersChild) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        do {
            boolean reparented = ownersChild
                    && ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) != owner;
            if (reparented || ProcessHandle.of(owner).isEmpty()) {
                KitFiles.deleteRecursively(directory);
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        } while (System.nanoTime() - deadline < 0);
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + " after close(): the connection is closed");
        }
        if (ended) {
            throw new IllegalStateException(what + " after end(): the end marker was this producer's last frame");
        }
    }
}
