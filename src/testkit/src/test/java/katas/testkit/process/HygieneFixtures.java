package katas.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.KitFiles;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A main class for child JVMs, and the guard that keeps the deliberately dirty example tests from running alone. */
final class HygieneFixtures {

    /** Configuration parameter that {@link ProcessHygieneTest} sets when it runs the example tests. */
    static final String DRIVEN_BY_TEST = "katas.testkit.process.hygiene-self-test";

    private HygieneFixtures() {}

    /** Says "ready" on standard error, then blocks forever. */
    public static final class BlockForever {
        public static void main(String[] args) throws InterruptedException {
            System.err.println("ready");
            new CountDownLatch(1).await();
        }
    }

    /** Makes a private directory, prints {@code directory=<path>} on standard output, then blocks forever. */
    public static final class MakesDirectoryThenBlocks {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("directory=" + KitFiles.createPrivateDirectory());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    /**
     * Starts {@link MakesDirectoryThenBlocks} as its own child, prints {@code grandchild pid=N} and then what the
     * grandchild printed, then blocks forever: the test kills this one with SIGKILL.
     */
    public static final class StartsGrandchildThatMakesDirectory {
        public static void main(String[] args) throws Exception {
            ChildProcess grandchild = ChildJvm.main(MakesDirectoryThenBlocks.class)
                    .name("grandchild")
                    .pipeStdio()
                    .start();
            System.out.println("grandchild pid=" + grandchild.pid());
            System.out.println(
                    new BufferedReader(new InputStreamReader(grandchild.stdout(), StandardCharsets.UTF_8)).readLine());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    /**
     * For each line on standard input, makes a private directory and prints its path; at end of input deletes
     * them and exits.
     */
    public static final class MakesDirectoriesOnRequest {
        public static void main(String[] args) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            List<Path> made = new ArrayList<>();
            while (in.readLine() != null) {
                made.add(KitFiles.createPrivateDirectory());
                System.out.println(made.get(made.size() - 1));
                System.out.flush();
            }
            made.forEach(KitFiles::deleteRecursively);
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
