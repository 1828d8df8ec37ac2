package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import katas.testkit.jcstress.RaceProof;
import katas.testkit.jcstress.RaceProofs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the jcstress tests of {@link RacyCounterStress} and gates on them: the naive counter must show the
 * lost update, and no fix may. Tagged "jcstress": {@code ./mvnw test} leaves it out (it takes about
 * 20 s per counter); {@code ./mvnw test -Pjcstress -pl katas/01-racy-counter -am} runs it on your code,
 * and {@code ./mvnw verify -Psolutions} on the reference solution.
 */
@RaceProofs
@DisplayName("Race proofs (jcstress): the naive counter loses updates on real cores; no fix does")
@Timeout(600)
class RaceProofsTest {

    @Test
    @DisplayName("NaiveCounter: the lost update shows")
    void naiveLosesUpdates() throws Exception {
        RaceProof.Verdict v = RaceProof.prove(RacyCounterStress.Naive.class);
        assertThat(v.raceSamples(RacyCounterStress.Naive.class))
                .as("samples with a lost update")
                .isPositive();
    }

    @Test
    @DisplayName("SynchronizedCounter: the lost update never shows")
    void synchronizedNeverLoses() throws Exception {
        assertThat(RaceProof.prove(RacyCounterStress.Synchronized.class).samples())
                .as("samples")
                .isPositive();
    }

    @Test
    @DisplayName("AtomicCounter: the lost update never shows")
    void atomicNeverLoses() throws Exception {
        assertThat(RaceProof.prove(RacyCounterStress.Atomic.class).samples())
                .as("samples")
                .isPositive();
    }

    @Test
    @DisplayName("AdderCounter: the lost update never shows")
    void adderNeverLoses() throws Exception {
        assertThat(RaceProof.prove(RacyCounterStress.Adder.class).samples())
                .as("samples")
                .isPositive();
    }
}
