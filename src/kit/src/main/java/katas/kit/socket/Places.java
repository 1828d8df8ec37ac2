package katas.kit.socket;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SocketServer}'s two bounds: the places of the connections in their handshake (admitted, not yet settled;
 * the oldest is dropped for a newcomer once it has had its fair time) and the places of the welcomed peers. Each
 * connection's {@code settled}, {@code counted} and {@code admittedAt} are guarded by this object's lock.
 */
final class Places {

    final int maxWelcomed;
    final int maxInHandshake;
    final Duration handshakeTimeout;
    /** How long a connection in its handshake keeps its place whatever arrives after it. */
    final long fairNanos;

    /** The connections admitted and not yet settled, oldest first. */
    private final Set<PeerConnection> inHandshake = new LinkedHashSet<>();
    /** How many welcomed peers are connected now. */
    private int welcomedNow;

    private boolean closed;

    Places(int maxWelcomed, int maxInHandshake, Duration handshakeTimeout) {
        this.maxWelcomed = maxWelcomed;
        this.maxInHandshake = maxInHandshake;
        this.handshakeTimeout = handshakeTimeout;
        this.fairNanos = Math.min(SocketServer.HANDSHAKE_FAIR_TIME.toNanos(), handshakeTimeout.toNanos() / 4);
    }

    /**
     * Takes a place in the handshake for {@code newcomer}: at once if there is one; else drops the oldest connection
     * still in its handshake once it has had its fair time, waiting until then (the newcomer is not admitted
     * meanwhile; the connections after it wait in the operating system's queue).
     *
     * @return false if the server closed meanwhile
     */
    boolean take(PeerConnection newcomer) {
        while (true) {
            PeerConnection dropped = null;
            synchronized (this) {
                while (!closed && inHandshake.size() >= maxInHandshake) {
                    PeerConnection oldest = inHandshake.iterator().next();
                    long wait = oldest.admittedAt + fairNanos - System.nanoTime();
                    if (wait <= 0) {
                        oldest.settled = true;
                        inHandshake.remove(oldest);
                        dropped = oldest;
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, wait);
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

    /**
     * Moves {@code connection} from the handshake's places to the welcomed peers' places.
     *
     * @throws IOException if it is settled already (its time ran out, or it was dropped), or if the welcomed peers'
     *         places are all taken
     */
    synchronized void welcome(PeerConnection connection) throws IOException {
        if (connection.settled) {
            throw new IOException("connection " + connection.number() + " was closed already: its handshake took"
                    + " longer than " + handshakeTimeout.toMillis() + " ms, or it was dropped to make room for newer"
                    + " connections after " + TimeUnit.NANOSECONDS.toMillis(fairNanos) + " ms");
        }
        if (welcomedNow >= maxWelcomed) {
            throw new IOException(String.format(
                    Locale.ROOT,
                    "too many connections: %d are connected, the limit of this server (each has a reader thread);"
                            + " try again when one has ended",
                    maxWelcomed));
        }
        connection.settled = true;
        connection.counted = true;
        welcomedNow++;
        inHandshake.remove(connection);
        notifyAll();
    }

    /** Settles {@code connection} (true), unless it is settled already (false); its place in the handshake is free. */
    synchronized boolean settle(PeerConnection connection) {
        if (connection.settled) {
            return false;
        }
        connection.settled = true;
        if (inHandshake.remove(connection)) {
            notifyAll();
        }
        return true;
    }

    /** Gives back whichever place {@code connection} holds: it has ended. */
    synchronized void leave(PeerConnection connection) {
        connection.settled = true;
        if (inHandshake.remove(connection)) {
            notifyAll();
        }
        if (connection.counted) {
            connection.counted = false;
            welcomedNow--;
            notifyAll();
        }
    }

    synchronized int inHandshake() {
        return inHandshake.size();
    }

    /** The server closes: a {@link #take} waiting for a place returns false. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
