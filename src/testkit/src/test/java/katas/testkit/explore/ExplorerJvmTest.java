package katas.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
@DisplayName("ExplorerJvm: a warm explorer JVM in watch mode answers as a new one would, and never on stale classes")
public class ExplorerJvmTest {

    /** A racy counter, a subject of the warm child (not the canary's class). */
    public static final class WarmRacy implements ExplorerTest.Counter {
        private volatile long value;

        @Override
        public void increment() {
            long seen = value;
            value = seen + 1;
        }

        @Override
        public long get() {
            return value;
        }
    }

    /** A correct counter, a subject of the warm child. */
    public static final class WarmLocked implements ExplorerTest.Counter {
        private long value;

        @Override
        public synchronized void increment() {
            value++;
        }

        @Override
        public synchronized long get() {
            return value;
        }
    }

    static final Duration BUDGET = Duration.ofSeconds(100);

    /** Fewer than the katas' explorations: the canary is caught within 10, and the test stays short. */
    static final int INVOCATIONS = 50;

    static Runnable scenario(String subject) {
        return subject.equals("racy")
                ? ExplorerTest.twoIncrements(() -> new WarmRacy())
                : ExplorerTest.twoIncrements(() -> new WarmLocked());
    }

    static String learnerClass(String subject) {
        return ExplorerJvmTest.class.getName() + (subject.equals("racy") ? "$WarmRacy" : "$WarmLocked");
    }

    /** A kata's explorer main as {@link ExplorerJvm} runs it: one subject, or {@link ExplorerJvm#SERVE}. */
    public static final class Serve {
        public static void main(String[] args) throws IOException {
            run(args);
        }
    }

    /**
     * The same, but its learner's class comes from a jar, not from the copy it is given (as a class the warm JVM
     * loaded before the copy came would): its answers must be stale.
     */
    public static final class LoadsElsewhere {
        public static void main(String[] args) throws IOException {
            elsewhere = true;
            run(args);
        }
    }

    static boolean elsewhere;

    static void run(String[] args) throws IOException {
        Runnable canary = ExplorerTest.twoIncrements(() -> new ExplorerTest.Racy());
        if (args[0].equals(ExplorerJvm.SERVE)) {
            Explorer.serve(
                    "counter",
                    canary,
                    ExplorerTest.twoIncrements(() -> new ExplorerTest.AlsoLocked()),
                    ExplorerJvmTest::scenario,
                    subject -> elsewhere ? org.jetbrains.lincheck.Lincheck.class.getName() : learnerClass(subject),
                    INVOCATIONS,
                    Path.of(System.getProperty(ExplorerJvm.CLASSES_PROPERTY)),
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.out);
        } else {
            Explorer.main("counter", canary, scenario(args[0]), INVOCATIONS, System.out);
        }
        System.exit(0);
    }

    static Explorer.Verdict explore(Class<?> main, String subject) throws InterruptedException {
        return ExplorerJvm.explore(new ExplorerJvm.Job(main, subject, learnerClass(subject), BUDGET, "slow: %d s"));
    }

    private final java.util.Set<String> attachSockets = attachSocketsOfEndedJvms();

    /** {@code /tmp/.java_pid<pid>} of JVMs no longer running: a killed JVM that an agent attached to leaves one. */
    static java.util.Set<String> attachSocketsOfEndedJvms() {
        java.io.File[] files = new java.io.File("/tmp").listFiles((dir, name) -> name.startsWith(".java_pid"));
        java.util.Set<String> ended = new java.util.TreeSet<>();
        for (java.io.File f : files == null ? new java.io.File[0] : files) {
            try {
                long pid = Long.parseLong(f.getName().substring(".java_pid".length()));
                if (ProcessHandle.of(pid).isEmpty()) {
                    ended.add(f.getName());
                }
            } catch (NumberFormatException notOne) {
                // not an attach socket
            }
        }
        return ended;
    }

    @AfterEach
    void coolDown() {
        ExplorerJvm.closeAll();
        System.clearProperty(ExplorerJvm.WARM_PROPERTY);
        java.util.Set<String> left = attachSocketsOfEndedJvms();
        left.removeAll(attachSockets);
        assertThat(left)
                .as("attach sockets in /tmp of the explorer JVMs this test ended: a warm JVM must exit by itself")
                .isEmpty();
    }

    @Test
    @DisplayName("warm: a racy counter caught, a correct one passed, the same subject again in the next warm JVM")
    void warmAnswers() throws Exception {
        System.setProperty(ExplorerJvm.WARM_PROPERTY, "true");
        assertThat(explore(Serve.class, "locked"))
                .as("the first exploration: a new JVM's verdict, right or blind")
                .isNotInstanceOf(Explorer.Verdict.Caught.class);
        assertThat(ExplorerJvm.lastWhere).as("where the first exploration ran").isEqualTo("a new JVM");
        ExplorerJvm.warmUpForTheNextSave(); // the board is shown
        Explorer.Verdict racy = explore(Serve.class, "racy");
        if (racy instanceof Explorer.Verdict.Blind blind) {
            assertThat(blind.canaryMissed())
                    .as("a blind verdict on this JDK says the canary was missed: %s", blind.why())
                    .isTrue();
            return; // blind here: the kata checks fall back; ExplorerTest shows the canary's verdict per JDK
        }
        assertThat(racy).as("the racy counter, explored in a warm JVM").isInstanceOf(Explorer.Verdict.Caught.class);
        assertThat(ExplorerJvm.lastWhere)
                .as("where the racy counter was explored")
                .isEqualTo("a warm JVM");
        assertThat(explore(Serve.class, "locked"))
                .as("the correct counter, in the same warm JVM")
                .isInstanceOf(Explorer.Verdict.Passed.class);
        assertThat(ExplorerJvm.lastWhere)
                .as("where the correct counter was explored")
                .isEqualTo("a warm JVM");
        ExplorerJvm.warmUpForTheNextSave(); // the board is shown
        assertThat(explore(Serve.class, "racy"))
                .as("the racy counter again (the next save): in the warm JVM kept ready for it")
                .isInstanceOf(Explorer.Verdict.Caught.class);
        assertThat(ExplorerJvm.lastWhere)
                .as("where the racy counter was explored again")
                .isEqualTo("a warm JVM");
    }

    @Test
    @DisplayName("a warm JVM whose learner's class did not come from its copy answers stale: a new JVM explores")
    void staleClassesGoCold() throws Exception {
        System.setProperty(ExplorerJvm.WARM_PROPERTY, "true");
        explore(LoadsElsewhere.class, "racy"); // the first, in a new JVM
        ExplorerJvm.warmUpForTheNextSave();
        Explorer.Verdict v = explore(LoadsElsewhere.class, "locked");
        if (v instanceof Explorer.Verdict.Blind blind && blind.canaryMissed()) {
            return; // blind on this JDK (25): the warm JVM explored nothing, so nothing of it can be stale
        }
        assertThat(ExplorerJvm.lastWhere)
                .as("where the correct counter was explored when the warm JVM's class came from elsewhere")
                .isEqualTo("a new JVM");
        if (!(v instanceof Explorer.Verdict.Blind)) {
            assertThat(v).as("the verdict of the new JVM").isInstanceOf(Explorer.Verdict.Passed.class);
        }
    }

    @Test
    @DisplayName("outside watch mode every exploration runs in a new JVM")
    void coldOutsideWatchMode() throws Exception {
        Explorer.Verdict v = explore(Serve.class, "racy");
        assertThat(ExplorerJvm.lastWhere).as("where it was explored").isEqualTo("a new JVM");
        if (!(v instanceof Explorer.Verdict.Blind)) {
            assertThat(v).as("the racy counter's verdict").isInstanceOf(Explorer.Verdict.Caught.class);
        }
    }
}
