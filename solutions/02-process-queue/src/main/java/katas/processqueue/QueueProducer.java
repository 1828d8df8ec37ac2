package katas.processqueue;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import katas.kit.socket.SocketClient;

/**
 * Step 5, the producer's end of the queue: what a worker process uses to {@code put} (the lesson's
 * {@code q.put(result)}). {@link #connect} (given) connects to the parent's socket, answers the queue's challenge
 * ({@link Handshake#answer}), introduces itself with a {@link Frame.Hello} and waits for the welcome; then you write
 * {@link Frame.Value} frames and finally one {@link Frame.End}. Writes are buffered: {@link #put} may leave its bytes
 * in the buffer; {@link #flush()}, {@link #end()} and {@link #close()} send them. One producer is for one thread.
 */
public final class QueueProducer implements AutoCloseable {

    /** The size of the buffer frames wait in before they leave. */
    static final int BUFFER_BYTES = 64 * 1024;

    /** Frames go here: a buffer of {@value #BUFFER_BYTES} bytes in front of the socket. Given. */
    private final DataOutputStream out;
    /** The connection under {@link #out}. Closing it closes the socket, but sends nothing that {@code out} holds. */
    private final SocketClient client;

    private boolean ended;
    private boolean closed;

    private QueueProducer(DataOutputStream out, SocketClient client) {
        this.out = out;
        this.client = client;
    }

    /**
     * Connects to the queue whose socket is {@code socket}, proves that it knows the queue's secret, and sends
     * {@code Hello(name)}; returns once the queue has welcomed it. In a child JVM of the queue's owner, the kit's
     * {@link SocketClient} also deletes the socket's directory if the owner is killed (step 8). Given.
     *
     * @param socket the parent's socket file ({@link ProcessQueue#socketPath()})
     * @param name   this producer's name, as the parent will report it (e.g. {@code worker-1})
     * @param secret the queue's secret: in a worker process {@code katas.kit.process.ChildMain.secret()}, handed
     *               over by {@link ProcessQueue#startWorker}; in the queue's own JVM {@link ProcessQueue#secret()}
     * @return the connected producer
     * @throws katas.kit.socket.RefusedException if the queue refused it: a wrong secret, a name it does not expect
     *         or one that is connected already; the message quotes the queue's reason
     * @throws IOException if there is no queue listening at {@code socket}: the message names the path
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static QueueProducer connect(Path socket, String name, byte[] secret) throws IOException {
        Frame.Hello hello = new Frame.Hello(name);
        Objects.requireNonNull(secret, "the queue's secret must not be null");
        SocketClient client = SocketClient.connect(socket);
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(client.output(), BUFFER_BYTES));
            Handshake.answer(new DataInputStream(client.input()), out, secret);
            try {
                Frames.write(out, hello);
                out.flush();
            } catch (IOException closedMeanwhile) {
                client.awaitWelcome(); // a queue that refused the answer closed the connection: read its reason
                throw closedMeanwhile;
            }
            client.awaitWelcome();
            return new QueueProducer(out, client);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
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
        Frames.write(out, new Frame.End());
        out.flush();
        ended = true;
    }

    /** Sends what is buffered and closes the connection. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close(); // flushes the buffer, then closes the socket under it
        }
    }

    /** Given. */
    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + " after close(): the connection is closed");
        }
        if (ended) {
            throw new IllegalStateException(what + " after end(): the end marker was this producer's last frame");
        }
    }
}
