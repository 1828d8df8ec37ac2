package katas.kit.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
@DisplayName("Hmac.sha256: HMAC-SHA256 without the JCE")
class HmacTest {

    @Test
    @DisplayName("RFC 4231 test cases 1 and 6 (a 20-byte key; a 131-byte key, longer than a block)")
    void rfc4231() {
        byte[] key1 = new byte[20];
        java.util.Arrays.fill(key1, (byte) 0x0b);
        assertThat(HexFormat.of().formatHex(Hmac.sha256(key1, "Hi There".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        byte[] key6 = new byte[131];
        java.util.Arrays.fill(key6, (byte) 0xaa);
        byte[] message6 = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII);
        assertThat(HexFormat.of().formatHex(Hmac.sha256(key6, message6)))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    @DisplayName("the same bytes as javax.crypto.Mac's HmacSHA256 for keys of 1 to 200 bytes and messages of 0 to 300")
    void sameAsTheJce() throws Exception {
        Random random = new Random(42);
        Mac mac = Mac.getInstance("HmacSHA256");
        for (int keyLength : new int[] {1, 31, 32, 63, 64, 65, 128, 200}) {
            for (int messageLength : new int[] {0, 1, 32, 55, 56, 64, 300}) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[messageLength];
                random.nextBytes(key);
                random.nextBytes(message);
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                assertThat(Hmac.sha256(key, message))
                        .as("key of %d bytes, message of %d bytes", keyLength, messageLength)
                        .isEqualTo(mac.doFinal(message));
            }
        }
    }

    @Test
    @DisplayName("an empty or null key, or a null message, is refused with what is wrong")
    void badInput() {
        assertThatThrownBy(() -> Hmac.sha256(new byte[0], new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Hmac.sha256(null, new byte[1]))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> Hmac.sha256(new byte[1], null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
    }
}
