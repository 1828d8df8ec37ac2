package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;

import katas.testkit.jcstress.RaceProof;
import katas.testkit.jcstress.RaceProofs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the jcstress tests of {@link InboxStress} and gates on them: two threads putting into a plain ArrayDeque
 * must lose an item; the learner's Inbox never may. Tagged "jcstress": {@code ./mvnw test} leaves it out;
 * {@code ./mvnw test -Pjcstress -pl katas/02-process-queue -am} runs it on your code, and
 * {@code ./mvnw verify -Psolutions} on the reference solution.
 */
@RaceProofs
@DisplayName("Race proofs (jcstress): reader threads sharing a plain ArrayDeque lose items; the Inbox does not")
@Timeout(600)
class RaceProofsTest {

    @Test
    @DisplayName("a plain ArrayDeque shared by two reader threads: a lost item shows")
    void plainDequeLosesItems() throws Exception {
        RaceProof.Verdict v = RaceProof.prove(InboxStress.PlainArrayDeque.class);
        assertThat(v.raceSamples(InboxStress.PlainArrayDeque.class))
                .as("samples with a lost item")
                .isPositive();
    }

    @Test
    @DisplayName("Inbox shared by two reader threads: a lost item never shows")
    void inboxNeverLoses() throws Exception {
        assertThat(RaceProof.prove(InboxStress.LearnersInbox.class).samples())
                .as("samples")
                .isPositive();
    }
}
