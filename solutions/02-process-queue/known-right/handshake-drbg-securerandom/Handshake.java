package katas.processqueue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Step 4: only your workers may put. Any process of your user can connect to the queue's socket (the owner-only
 * directory keeps other users out, not your other programs), so on every new connection the queue asks the
 * producer to prove that it knows the queue's secret, without ever sending the secret itself: Python's
 * {@code multiprocessing.connection} does the same with its {@code authkey}.
 *
 * <pre>
 *   queue    -&gt; producer   a nonce: NONCE_BYTES fresh random bytes, never used before
 *   producer -&gt; queue      HMAC-SHA256(secret, nonce): 32 bytes only a holder of the secret can compute
 *   queue                  computes the same, compares in constant time: equal, or the producer is refused
 * </pre>
 *
 * A fresh nonce makes a recorded answer worthless: replayed on the next connection, it answers the wrong nonce.
 * The secret itself never crosses the socket, the command line or the environment ({@code ps} shows those).
 *
 * <p>Concurrency: stateless; the streams are for one thread at a time. Many connections may run their handshakes
 * at once, each on its own reader thread.
 */
public final class Handshake {

    /** How many random bytes a challenge sends. */
    public static final int NONCE_BYTES = 32;

    private static final String HMAC = "HmacSHA256";

    private static final SecureRandom RANDOM = drbg();

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no DRBG: " + e, e);
        }
    }

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
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute " + HMAC + ": " + e, e);
        }
    }
}
