package katas.kit.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * HMAC-SHA256 (RFC 2104) on {@link MessageDigest}: the same 32 bytes as {@code javax.crypto.Mac}'s
 * {@code HmacSHA256}, without setting up the JCE (its providers' checks and policy files cost a fresh JVM about
 * 0.05 s of CPU: each of kata 02's worker processes paid it once, for one answer). Stateless and thread-safe.
 */
public final class Hmac {

    /** SHA-256's block size in bytes: keys longer than this are hashed first, shorter ones padded with zeros. */
    private static final int BLOCK = 64;

    private Hmac() {}

    /**
     * {@code HMAC-SHA256(key, message)}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code key} is empty (as {@code javax.crypto.spec.SecretKeySpec} refuses)
     */
    public static byte[] sha256(byte[] key, byte[] message) {
        Objects.requireNonNull(key, "the key must not be null");
        Objects.requireNonNull(message, "the message must not be null");
        if (key.length == 0) {
            throw new IllegalArgumentException("the key must not be empty");
        }
        MessageDigest sha256 = sha256();
        byte[] k = key.length > BLOCK ? sha256.digest(key) : key;
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        sha256.update(inner);
        byte[] innerHash = sha256.digest(message);
        sha256.update(outer);
        return sha256.digest(innerHash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256 (every Java SE JVM must have it): " + e, e);
        }
    }
}
