package katas.kit.socket;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One admitted connection of a {@link SocketServer}: the {@link SocketServer.Connection} its handler sees, and the
 * server's verdicts on it (welcome, refuse, expire, drop: the first wins, the others do nothing).
 */
final class PeerConnection implements SocketServer.Connection {

    /** The buffer of each connection's input stream. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final SocketChannel channel;
    private final int number;
    private final Places places;
    private final List<SocketServer.Refusal> refusals;
    private final DataInputStream in;
    private final DataOutputStream out;

    /** Welcomed, refused, expired or dropped. Guarded by the {@link Places}. */
    boolean settled;
    /** Whether it holds one of the welcomed peers' places. Guarded by the {@link Places}. */
    boolean counted;
    /** When it took its place among the connections in their handshake (System.nanoTime()). Guarded by the Places. */
    long admittedAt;

    volatile ScheduledFuture<?> deadline;
    private volatile String name;
    private volatile boolean welcomed;

    PeerConnection(SocketChannel channel, int number, Places places, List<SocketServer.Refusal> refusals) {
        this.channel = channel;
        this.number = number;
        this.places = places;
        this.refusals = refusals;
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), BUFFER_BYTES));
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
    }

    @Override
    public DataInputStream in() {
        return in;
    }

    @Override
    public DataOutputStream out() {
        return out;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public void welcome(String name) throws IOException {
        Objects.requireNonNull(name, "the name to welcome a peer with must not be null");
        if (!SocketServer.isPrintableName(name)) {
            throw new IOException("the name \"" + SocketServer.printable(name) + "\" is blank or has characters that"
                    + " cannot be shown in a message (shown escaped: control or format characters, or bytes that"
                    + " were not UTF-8, which decode to \\ufffd)");
        }
        places.welcome(this);
        cancelDeadline();
        this.name = name;
        this.welcomed = true;
        out.writeByte(SocketServer.WELCOME);
        out.flush();
    }

    @Override
    public boolean welcomed() {
        return welcomed;
    }

    /** The name it was welcomed with, or null. */
    String name() {
        return name;
    }

    /** Sends {@link SocketServer#ADMITTED}: a reader thread will serve it. */
    void admit() throws IOException {
        out.writeByte(SocketServer.ADMITTED);
        out.flush();
    }

    /** Sends {@link SocketServer#REFUSED} and the reason, and records the refusal; nothing if settled already. */
    void refuse(String reason) {
        if (!places.settle(this)) {
            return;
        }
        String shown = SocketServer.printable(reason);
        refusals.add(new SocketServer.Refusal("connection " + number, shown));
        try {
            out.writeByte(SocketServer.REFUSED);
            out.writeUTF(shown);
            out.flush();
        } catch (IOException peerGone) {
            // It cannot hear the reason; the refusal is recorded all the same.
        }
    }

    /** The handshake's time ran out: refuse (recorded) and close; the blocked reader thread then ends. */
    void expire() {
        if (places.settle(this)) {
            refusals.add(new SocketServer.Refusal(
                    "connection " + number,
                    "it did not finish its handshake within " + places.handshakeTimeout.toMillis()
                            + " ms (connected and said too little); closed, so that it holds no reader thread"));
            closeQuietly();
        }
    }

    /**
     * Dropped (already settled, by the {@link Places}) to make room for a newcomer: recorded and closed, without a
     * verdict (its handler may be writing to it); the blocked reader thread then ends.
     */
    void drop() {
        refusals.add(new SocketServer.Refusal(
                "connection " + number,
                String.format(
                        Locale.ROOT,
                        "dropped to make room: %d connections were in their handshake, the most this server"
                                + " takes, and this one, the oldest, had not been welcomed after %d ms",
                        places.maxInHandshake,
                        TimeUnit.NANOSECONDS.toMillis(places.fairNanos))));
        closeQuietly();
    }

    /** Gives back its place, whichever it holds: the connection has ended. */
    void leave() {
        places.leave(this);
    }

    void closeQuietly() {
        cancelDeadline();
        SocketServer.closeQuietly(channel);
    }

    private void cancelDeadline() {
        ScheduledFuture<?> pending = deadline;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "connection " + number + (name == null ? "" : " ('" + SocketServer.printable(name) + "')");
    }
}
