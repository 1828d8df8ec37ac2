package katas.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;

import katas.testkit.jcstress.RaceProof;
import katas.testkit.jcstress.RaceProofs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the jcstress tests of {@link SharedMemoryStress} and gates on them: a plain get-then-set through two mappings
 * of one segment must lose an update; the same under the learner's SharedSemaphore never may. Tagged "jcstress":
 * {@code ./mvnw test} leaves it out; {@code ./mvnw test -Pjcstress -pl katas/04-shared-memory -am} runs it on your
 * code, and {@code ./mvnw verify -Psolutions} on the reference solution.
 */
@RaceProofs
@DisplayName("Race proofs (jcstress): two mappings of one segment lose updates; under the semaphore they do not")
@Timeout(600)
class RaceProofsTest {

    @Test
    @DisplayName("plain get then set through two mappings: the lost update shows")
    void unguardedLosesUpdates() throws Exception {
        RaceProof.Verdict v = RaceProof.prove(SharedMemoryStress.Unguarded.class);
        assertThat(v.raceSamples(SharedMemoryStress.Unguarded.class))
                .as("samples with a lost update")
                .isPositive();
    }

    @Test
    @DisplayName("the same under the SharedSemaphore: the lost update never shows")
    void guardedNeverLoses() throws Exception {
        assertThat(RaceProof.prove(SharedMemoryStress.Guarded.class).samples())
                .as("samples")
                .isPositive();
    }
}
