package katas.processqueue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;
import katas.kit.Kata;
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
        // TODO step 4: make a fresh nonce of NONCE_BYTES random bytes (java.security.SecureRandom); write it and
        //  flush (the producer waits for it); read the answer, as many bytes as mac(secret, nonce) has; compare
        //  the two with MessageDigest.isEqual; throw a QueueException if they differ.
        throw Kata.todo("Handshake.challenge: send a fresh random nonce, read the answer, check it against mac(secret,"
                + " nonce) in constant time");
    }

    /**
     * The producer's side: reads the queue's nonce and answers it with {@code HMAC-SHA256(secret, nonce)}.
     *
     * @throws IOException if the stream fails or ends before the whole nonce came
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code secret} is empty
     */
    public static void answer(DataInputStream in, DataOutputStream out, byte[] secret) throws IOException {
        // TODO step 4: read the nonce (NONCE_BYTES), write mac(secret, nonce), flush.
        throw Kata.todo("Handshake.answer: read the queue's nonce, answer it with mac(secret, nonce)");
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
