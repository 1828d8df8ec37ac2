package katas.kit.socket;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * The client's end of a {@link SocketServer}: connects, waits for the server's admission, and gives you the
 * connection's two streams for the kata's protocol; they are not buffered (wrap them; flush a buffered output), and
 * closing either closes the connection. It also cleans up after a killed parent: when the server's owner dies by
 * {@code kill -9}, the clients that are its children delete its directory on their way out (see
 * {@link #deleteIfOwnerDied}). One client is for one thread (one reader and one writer at most). Given code.
 */
public final class SocketClient implements AutoCloseable {

    private final Path socket;
    private final SocketChannel channel;
    private final InputStream input;
    private final OutputStream output;
    /** The server's katas-&lt;pid&gt;- directory when another process owns it (typically this JVM's parent), else null. */
    private final Path ownersDirectory;

    private final long owner;
    private final boolean ownersChild;

    private SocketClient(Path socket, SocketChannel channel, Path ownersDirectory, long owner, boolean ownersChild) {
        this.socket = socket;
        this.channel = channel;
        this.ownersDirectory = ownersDirectory;
        this.owner = owner;
        this.ownersChild = ownersChild;
        this.input = Channels.newInputStream(channel);
        this.output = new CleaningOutput(Channels.newOutputStream(channel));
    }

    /**
     * Connects to the server listening at {@code socket} and waits for its admission.
     *
     * @return the admitted connection
     * @throws RefusedException if the server refused it: the message quotes its reason
     * @throws IOException if nothing listens at {@code socket} (the message names the path), or the server
     *         closed the connection first
     * @throws NullPointerException if {@code socket} is null
     */
    public static SocketClient connect(Path socket) throws IOException {
        Objects.requireNonNull(socket, "the server's socket path must not be null");
        Path directory = socket.toAbsolutePath().getParent();
        long owner = directory == null || directory.getFileName() == null
                ? -1
                : KitFiles.ownerPid(directory.getFileName().toString());
        Path ownersDirectory = owner > 0 && owner != ProcessHandle.current().pid() ? directory : null;
        boolean ownersChild = parentPid() == owner;
        if (ownersDirectory != null) {
            ChildMain.onParentDeath(() -> deleteIfOwnerDied(directory, owner, ownersChild));
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            closeQuietly(channel);
            if (ownersDirectory != null) {
                deleteIfOwnerDied(directory, owner, ownersChild);
            }
            throw new IOException(
                    "cannot connect to " + socket + ": " + e.getMessage()
                            + " (is a server listening there? It deletes its socket when it closes)",
                    e);
        }
        SocketClient client = new SocketClient(socket, channel, ownersDirectory, owner, ownersChild);
        try {
            client.awaitVerdict(SocketServer.ADMITTED, "admitting");
            return client;
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    /** What the server sends: not buffered. */
    public InputStream input() {
        return input;
    }

    /**
     * What goes to the server: not buffered. A write that fails because the server's owner was killed deletes its
     * directory first (see {@link #deleteIfOwnerDied}).
     */
    public OutputStream output() {
        return output;
    }

    /** The socket this client connected to. */
    public Path socketPath() {
        return socket;
    }

    /**
     * Waits for the server's verdict on the handshake: returns when it is {@link SocketServer#WELCOME}.
     *
     * @throws RefusedException if the server refused this peer: the message quotes its reason
     * @throws IOException if the server closed the connection first (the handshake took too long, the server is
     *         closing) or answered something else
     */
    public void awaitWelcome() throws IOException {
        awaitVerdict(SocketServer.WELCOME, "welcoming");
    }

    /** Closes the connection (not what a stream wrapped around {@link #output()} still buffers). Idempotent. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void awaitVerdict(byte expected, String what) throws IOException {
        int verdict;
        try {
            verdict = input.read();
        } catch (IOException e) {
            cleanUpIfOwnerDied();
            throw new IOException("the server at " + socket + " broke the connection before " + what + " it: " + e, e);
        }
        if (verdict == expected) {
            return;
        }
        if (verdict == SocketServer.REFUSED) {
            String reason;
            try {
                reason = new DataInputStream(input).readUTF();
            } catch (EOFException cut) {
                reason = "(its reason was cut off)";
            } catch (IOException e) {
                reason = "(its reason could not be read: " + e + ")";
            }
            throw new RefusedException("refused by the server at " + socket + ": " + reason);
        }
        if (verdict < 0) {
            cleanUpIfOwnerDied();
            throw new IOException("the server at " + socket + " closed the connection before " + what + " it (the"
                    + " handshake took too long, it was dropped to make room for newer connections, or the server is"
                    + " closing)");
        }
        throw new IOException(String.format(
                "the server at %s sent 0x%02x where its verdict belongs ('%c' or 'R'): the two sides do not speak the"
                        + " same protocol",
                socket, verdict, (char) expected));
    }

    private void cleanUpIfOwnerDied() {
        if (ownersDirectory != null) {
            deleteIfOwnerDied(ownersDirectory, owner, ownersChild);
        }
    }

    /**
     * Deletes the server's directory if the JVM that owns it has died: its pid is gone, or (for its child) this
     * process has been given a new parent, which the operating system does as soon as a parent exits. A broken
     * connection shows a moment before that, so wait for it, at most a second; an owner still alive after that
     * closed its server itself, and its directory is its own business. Called by the watchdog's hook
     * ({@link ChildMain#onParentDeath}) while the client is quiet, and after a connect, a write or a close that
     * failed (a write to a dead parent fails at once, before the watchdog notices).
     */
    private static void deleteIfOwnerDied(Path directory, long owner, boolean ownersChild) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        do {
            boolean reparented = ownersChild && parentPid() != owner;
            if (reparented || ProcessHandle.of(owner).isEmpty()) {
                KitFiles.deleteRecursively(directory);
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        } while (System.nanoTime() - deadline < 0);
    }

    private static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing anyway.
        }
    }

    /** The channel's output, with the dead-owner check on every failure. */
    private final class CleaningOutput extends FilterOutputStream {
        CleaningOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                cleanUpIfOwnerDied();
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                cleanUpIfOwnerDied();
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                cleanUpIfOwnerDied();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                cleanUpIfOwnerDied();
                throw e;
            }
        }
    }
}
