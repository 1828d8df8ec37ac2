package katas.testkit.jcstress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class of race proofs (jcstress tests run through {@link RaceProof}): tagged {@value #TAG}, and skipped,
 * with a reason that says how to run them, unless they were asked for. They take 10 to 20 s each and use every core,
 * so "run all tests" in an IDE or the JUnit console launcher leaves them out instead of failing.
 *
 * <p>Asked for means the system property {@value #PROPERTY} is {@code run}: {@code ./mvnw test -Pjcstress ...} and
 * {@code ./mvnw verify -Psolutions} set it; in an IDE add {@code -Dkatas.proofs=run} to the run configuration.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(RaceProofs.TAG)
@ExtendWith(RaceProofs.OnlyWhenAsked.class)
public @interface RaceProofs {

    /** The tag of every race proof. */
    String TAG = "jcstress";

    /** The system property that lets race proofs run. */
    String PROPERTY = "katas.proofs";

    /** Skips race proofs unless {@value RaceProofs#PROPERTY} is {@code run}. */
    final class OnlyWhenAsked implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if ("run".equals(System.getProperty(PROPERTY))) {
                return ConditionEvaluationResult.enabled("race proofs asked for (-D" + PROPERTY + "=run)");
            }
            String kata = Optional.ofNullable(System.getProperty("katas.kata")).orElse("katas/NN-name");
            return ConditionEvaluationResult.disabled(
                    "race proofs (jcstress) run only when asked, 10-20 s each on every"
                            + " core: ./mvnw test -Pjcstress -pl " + kata + " -am, or -D" + PROPERTY
                            + "=run in the IDE");
        }
    }
}
