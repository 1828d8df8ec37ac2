package katas.processqueue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import katas.kit.Kata;
import katas.kit.process.ChildProcess;

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

    private ProcessQueue() {}

    /**
     * Creates a private directory ({@code katas.kit.process.KitFiles.createPrivateDirectory()}: owner-only,
     * stale ones swept), listens on {@value #SOCKET_FILE} in it, and starts accepting producers.
     *
     * @param capacity the inbox's capacity, in messages; 1 or more
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws IOException if the socket cannot be made
     */
    public static ProcessQueue open(int capacity) throws IOException {
        // TODO step 4: KitFiles.createPrivateDirectory(); ServerSocketChannel.open(StandardProtocolFamily.UNIX)
        //  bound to UnixDomainSocketAddress.of(dir.resolve(SOCKET_FILE)); an Inbox<Message>(capacity); an
        //  acceptor thread that starts one reader thread per accepted connection.
        throw Kata.todo("ProcessQueue.open: listen on a Unix domain socket in a private directory, accept producers");
    }

    /** The socket file producers connect to. */
    public Path socketPath() {
        // TODO step 4
        throw Kata.todo("ProcessQueue.socketPath: return the socket file's path");
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
        // TODO step 7: remember the child by name.
        throw Kata.todo("ProcessQueue.watch: remember the worker process, so take can notice its death");
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
        // TODO step 4: poll the inbox until the deadline; throw a TimeoutException that says how long you waited.
        // TODO step 7: poll in short slices; between them, fail if a producer was lost or a watched worker exited.
        throw Kata.todo("ProcessQueue.take: poll the inbox until the timeout, fail clearly if a producer died");
    }

    /**
     * Stops accepting, closes every connection, stops the threads, deletes the socket file and its
     * directory. Idempotent.
     */
    @Override
    public void close() {
        // TODO step 4
        throw Kata.todo(
                "ProcessQueue.close: close the channels, stop the threads, delete the socket and its directory");
    }
}
