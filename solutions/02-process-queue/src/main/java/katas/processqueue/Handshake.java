package katas.processqueue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import katas.kit.crypto.Hmac;

/**
 * Step 4: only your workers may put. Any process of your user can connect to the queue's socket (the owner-only
 * directory keeps other users out, not your other programs), so on every new connection the queue sends a nonce
 * ({@code NONCE_BYTES} fresh random bytes), the producer answers {@code HMAC-SHA256(secret, nonce)}, and the queue
 * compares it with its own in constant time: equal, or the producer is refused (Python's {@code authkey} does the
 * same). A recorded answer is worthless on the next nonce, and the secret never crosses the socket, the command line
 * or the environment. Stateless; many handshakes may run at once, each on its own thread and streams.
 */
public final class Handshake {

    /** How many random bytes a challenge sends. */
    public static final int NONCE_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {}

    /**
     * The queue's side, first on every connection: sends a fresh nonce, reads the producer's answer, and checks it
     * in constant time. Returns if the producer proved that it knows {@code secret}.
     *
     * @throws QueueException if the answer is not the right one: the producer does not know the secret
     * @throws IOException if the stream fails or ends before the whole answer came
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code secret} is empty
     */
    public static void challenge(DataInputStream in, DataOutputStream out, byte[] secret) throws IOException {
        Objects.requireNonNull(in, "in");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] expected = mac(secret, nonce);
        out.write(nonce);
        out.flush();
        byte[] answer = new byte[expected.length];
        in.readFully(answer);
        if (!MessageDigest.isEqual(answer, expected)) {
            throw new QueueException("the producer's answer to the challenge is wrong: it does not know the queue's"
                    + " secret (only workers the queue started were handed it)");
        }
    }

    /**
     * The producer's side: reads the queue's nonce and answers it with {@code HMAC-SHA256(secret, nonce)}.
     *
     * @throws IOException if the stream fails or ends before the whole nonce came
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code secret} is empty
     */
    public static void answer(DataInputStream in, DataOutputStream out, byte[] secret) throws IOException {
        Objects.requireNonNull(out, "out");
        byte[] nonce = new byte[NONCE_BYTES];
        in.readFully(nonce);
        out.write(mac(secret, nonce));
        out.flush();
    }

    /**
     * {@code HMAC-SHA256(secret, message)}: 32 bytes that only a holder of {@code secret} can compute for this
     * {@code message}. Given.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code secret} is empty
     */
    static byte[] mac(byte[] secret, byte[] message) {
        Objects.requireNonNull(secret, "the secret must not be null");
        Objects.requireNonNull(message, "the message must not be null");
        return Hmac.sha256(secret, message); // the kit's, on MessageDigest: the JCE's Mac costs a worker 0.05 s of CPU
    }
}
