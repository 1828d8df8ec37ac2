package katas.testkit.process;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A main class for child JVMs, and the guard that keeps the deliberately dirty example tests from running alone. */
final class HygieneFixtures {

    /** Configuration parameter that {@link ProcessHygieneTest} sets when it runs the example tests. */
    static final String DRIVEN_BY_TEST = "katas.testkit.process.hygiene-self-test";

    private HygieneFixtures() {
    }

    /** Says "ready" on standard error, then blocks forever. */
    public static final class BlockForever {
        public static void main(String[] args) throws InterruptedException {
            System.err.println("ready");
            new CountDownLatch(1).await();
        }
    }

    /**
     * Disables the example tests unless {@link ProcessHygieneTest} runs them through the EngineTestKit: they
     * leave processes and files behind on purpose (an IDE that runs every class in the package would run them).
     */
    static final class OnlyWhenDrivenByTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(DRIVEN_BY_TEST).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ProcessHygieneTest")
                    : ConditionEvaluationResult.disabled("an example for ProcessHygieneTest, not a test of its own");
        }
    }
}
