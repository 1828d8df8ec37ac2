package katas.processqueue;

import java.io.IOException;
import java.nio.file.Path;
import katas.kit.Kata;

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

    private QueueProducer() {}

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
        // TODO step 4: SocketChannel.open(StandardProtocolFamily.UNIX), connect to
        //  UnixDomainSocketAddress.of(socket), wrap Channels.newOutputStream(channel) in a BufferedOutputStream
        //  and a DataOutputStream, and write a Hello frame.
        // TODO step 7: if the socket's directory is katas-<pid>-... and that pid is this JVM's parent, register
        //  ChildMain.onParentDeath(() -> KitFiles.deleteRecursively(directory)); and when a write fails later,
        //  delete it too if this process's parent is no longer that pid (the parent was killed).
        throw Kata.todo("QueueProducer.connect: connect to the Unix domain socket and send Hello(name)");
    }

    /**
     * Puts one value on the queue (buffered).
     *
     * @throws IllegalStateException after {@link #end()} or {@link #close()}
     * @throws IOException if the connection fails
     */
    public void put(long value) throws IOException {
        // TODO step 4
        throw Kata.todo("QueueProducer.put: write a Value frame");
    }

    /** Sends what is buffered now. @throws IOException if the connection fails */
    public void flush() throws IOException {
        // TODO step 4
        throw Kata.todo("QueueProducer.flush: flush the buffered stream");
    }

    /**
     * Sends the end marker and everything before it: the parent sees it even while this producer is still
     * connected.
     *
     * @throws IllegalStateException after {@link #end()} or {@link #close()}
     * @throws IOException if the connection fails
     */
    public void end() throws IOException {
        // TODO step 4: write an End frame, and make sure it leaves the buffer.
        throw Kata.todo("QueueProducer.end: write an End frame and send everything buffered");
    }

    /** Sends what is buffered and closes the connection. Idempotent. */
    @Override
    public void close() throws IOException {
        // TODO step 4
        throw Kata.todo("QueueProducer.close: send what is buffered, then close the connection");
    }
}
