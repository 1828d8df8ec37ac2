package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("ChildJvm.secret hands a child a secret through its standard input, never its command line")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildSecretTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final byte[] SECRET = "a secret of thirty-two bytes!!!!".getBytes(StandardCharsets.US_ASCII);

    @Test
    @DisplayName("the child reads the secret with ChildMain.secret(); standard input then ends")
    void childGetsTheSecret() throws InterruptedException {
        ChildJvm builder =
                ChildJvm.main(ChildFixtures.PrintSecret.class).shortLived().secret(SECRET);
        String command = String.join(" ", builder.command());
        assertThat(command)
                .as("the command line (ps shows it to every user): it says a secret is on stdin, never which")
                .contains("-Dkatas.kit.secret=stdin")
                .doesNotContain(new String(SECRET, StandardCharsets.US_ASCII))
                .doesNotContain(HexFormat.of().formatHex(SECRET))
                .doesNotContain(Base64.getEncoder().encodeToString(SECRET));
        try (ChildProcess child = builder.start()) {
            child.awaitSuccess(WAIT);
            assertThat(child.stdoutText())
                    .as("what the child printed: the secret, then null (standard input ended after it)")
                    .contains("secret=" + HexFormat.of().formatHex(SECRET))
                    .contains("then=null");
        }
    }

    @Test
    @DisplayName("with pipeStdio the secret comes first, then what the parent writes")
    void secretThenPipe() throws Exception {
        try (ChildProcess child = ChildJvm.main(ChildFixtures.PrintSecret.class)
                .shortLived()
                .pipeStdio()
                .secret(new byte[] {1, 2, 3})
                .start()) {
            OutputStream stdin = child.stdin();
            stdin.write("after the secret\n".getBytes(StandardCharsets.UTF_8));
            stdin.close();
            String out = new String(child.stdout().readAllBytes(), StandardCharsets.UTF_8);
            child.awaitSuccess(WAIT);
            assertThat(out).contains("secret=010203").contains("then=after the secret");
        }
    }

    @Test
    @DisplayName("ChildMain.secret() without a secret throws at once, it does not wait for standard input")
    void noSecret() throws InterruptedException {
        try (ChildProcess child = ChildJvm.main(ChildFixtures.AsksForAMissingSecret.class)
                .shortLived()
                .pipeStdio()
                .start()) {
            assertThat(child.join(WAIT))
                    .as("exit code of a child that asks for a secret it was not given")
                    .isOne();
            assertThat(child.stderrText()).contains("IllegalStateException").contains("without a secret");
        }
        assertThatThrownBy(ChildMain::secret)
                .as("ChildMain.secret() in a JVM the kit did not start")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("refuses a null, empty or oversized secret, and a secret marker among the JVM options")
    void refusesBadSecrets() {
        ChildJvm builder = ChildJvm.main(ChildFixtures.PrintSecret.class);
        assertThatThrownBy(() -> builder.secret(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.secret(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.secret(new byte[ChildJvm.MAX_SECRET_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.jvmArgs("-Dkatas.kit.secret=abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never on its command line");
    }
}
