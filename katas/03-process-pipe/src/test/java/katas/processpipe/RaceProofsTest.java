package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import katas.testkit.jcstress.RaceProof;
import katas.testkit.jcstress.RaceProofs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the jcstress tests of {@link SenderStress} and gates on them: two threads writing a frame each into one stream
 * with no lock must tear a frame; through the learner's Sender they never may. Tagged "jcstress": {@code ./mvnw test}
 * leaves it out; {@code ./mvnw test -Pjcstress -pl katas/03-process-pipe -am} runs it on your code, and
 * {@code ./mvnw verify -Psolutions} on the reference solution.
 */
@RaceProofs
@DisplayName("Race proofs (jcstress): two threads writing frames into one pipe without a lock tear them; the Sender"
        + " does not")
@Timeout(600)
class RaceProofsTest {

    @Test
    @DisplayName("two threads write a frame each into one stream with no lock: a torn frame shows")
    void noLockTearsFrames() throws Exception {
        RaceProof.Verdict v = RaceProof.prove(SenderStress.NoLock.class);
        assertThat(v.raceSamples(SenderStress.NoLock.class))
                .as("samples with a torn frame")
                .isPositive();
    }

    @Test
    @DisplayName("two threads send a frame each through one Sender: a torn frame never shows")
    void senderNeverTears() throws Exception {
        assertThat(RaceProof.prove(SenderStress.LearnersSender.class).samples())
                .as("samples")
                .isPositive();
    }
}
