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
    private final SocketChannel channel;
    private boolean ended;
    private boolean closed;

    private QueueProducer(DataOutputStream out, SocketChannel channel) {
        this.out = out;
        this.channel = channel;
    }

    /**
     * Connects to the queue whose socket is {@code socket} and sends {@code Hello(name)}. In a child JVM it
     * also registers, with {@code katas.kit.process.ChildMain.onParentDeath}, the deletion of the socket's
     * private directory: if the parent is killed, the last worker out cleans up (step 7).
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
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException(
                    "cannot connect to the queue at " + socket + ": " + e.getMessage()
                            + " (is the parent's ProcessQueue open there?)",
                    e);
        }
        Path directory = socket.toAbsolutePath().getParent();
        if (directory != null
                && directory.getFileName() != null
                && directory.getFileName().toString().startsWith(KitFiles.PREFIX)) {
            // If the parent is killed (kill -9), no close() runs there: the workers delete its socket directory.
            ChildMain.onParentDeath(() -> KitFiles.deleteRecursively(directory));
        }
        DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES));
        QueueProducer producer = new QueueProducer(out, channel);
        Frames.write(out, new Frame.Hello(name));
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
        Frames.write(out, new Frame.Value(value));
    }

    /** Sends what is buffered now. @throws IOException if the connection fails */
    public void flush() throws IOException {
        if (!closed) {
            out.flush();
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
        Frames.write(out, new Frame.End()); // KNOWN WRONG: no flush, the end marker stays in the buffer
        ended = true;
    }

    /** Sends what is buffered and closes the connection. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close(); // KNOWN WRONG: closes the channel under the buffer; what is buffered is lost
        }
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
