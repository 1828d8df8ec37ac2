package katas.testkit.jcstress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.Outcome;

@DisplayName("Race-proof verdict on made-up jcstress results")
class RaceProofVerdictTest {

    /** Declares the outcomes only; never run by jcstress here. */
    @Outcome(id = "2", expect = Expect.ACCEPTABLE, desc = "both increments counted")
    @Outcome(id = "1", expect = Expect.ACCEPTABLE_INTERESTING, desc = "lost update")
    static final class Racy {}

    @Outcome(id = "2", expect = Expect.ACCEPTABLE, desc = "both increments counted")
    @Outcome(id = "1", expect = Expect.FORBIDDEN, desc = "lost update")
    static final class Fixed {}

    static RaceProof.Verdict judge(Class<?> test, Map<String, Long> counts) {
        return RaceProof.Verdict.judge(test, counts, List.of(), 1.0, Path.of("log"));
    }

    @Test
    @DisplayName("a race that showed proves it; one that never showed is a problem (a proof that cannot fail)")
    void racy() {
        RaceProof.Verdict seen = judge(Racy.class, Map.of("2", 90L, "1", 10L));
        assertThat(seen.problems()).isEmpty();
        assertThat(seen.raceSamples(Racy.class)).isEqualTo(10);
        assertThat(seen.report()).contains("The race is real");
        RaceProof.Verdict unseen = judge(Racy.class, Map.of("2", 100L));
        assertThat(unseen.problems()).singleElement().asString().contains("NOT observed");
    }

    @Test
    @DisplayName("a forbidden outcome that showed, or an outcome nobody declared, is a problem")
    void fixed() {
        assertThat(judge(Fixed.class, Map.of("2", 100L)).problems()).isEmpty();
        assertThat(judge(Fixed.class, Map.of("2", 99L, "1", 1L)).problems())
                .singleElement()
                .asString()
                .contains("FORBIDDEN")
                .contains("still has the race");
        assertThat(judge(Fixed.class, Map.of("2", 99L, "3", 1L)).problems())
                .singleElement()
                .asString()
                .contains("\"3\"");
    }
}
