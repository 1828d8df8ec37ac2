package katas.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.KitFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
public class ExplorerTest {

    /** A counter that loses updates: a volatile read, then a separate write. The canary's subject. */
    public static final class Racy implements Counter {
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

    /** A correct counter. */
    public static final class Locked implements Counter {
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

    /** A correct counter too, only for the broken canary (so that no class is first loaded outside a block). */
    public static final class AlsoLocked implements Counter {
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

    interface Counter {
        void increment();

        long get();
    }

    /** Two threads increment one new counter once each; get() must then be 2. */
    static Runnable twoIncrements(Supplier<Counter> make) {
        return () -> {
            Counter c = make.get();
            Thread a = new Thread(c::increment);
            Thread b = new Thread(c::increment);
            a.start();
            b.start();
            try {
                a.join();
                b.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (c.get() != 2) {
                throw new AssertionError("get() returned " + c.get() + ", not 2");
            }
        };
    }

    /**
     * The child JVM the canary tests run: explores as a kata's check does, in a JVM of its own where the counters'
     * classes are first loaded inside the exploration (in the test JVM, JUnit's scan of this class loads its nested
     * classes first, and the model checker was blind to them). {@code canary}: the racy canary, then a correct
     * counter; {@code broken}: a correct counter in the canary's place, then the racy one.
     */
    public static void main(String[] args) {
        boolean broken = args[0].equals("broken");
        Explorer.main(
                "counter",
                // Lambdas, not constructor references: a constructor reference loads its class where it is written,
                // outside the exploration, and the model checker was blind to a class loaded before it.
                broken ? twoIncrements(() -> new AlsoLocked()) : twoIncrements(() -> new Racy()),
                broken ? twoIncrements(() -> new Racy()) : twoIncrements(() -> new Locked()),
                System.out);
        System.exit(0);
    }

    static Explorer.Verdict child(String mode) throws InterruptedException {
        Path tmp = KitFiles.createPrivateDirectory(); // the agent's bootstrap jar goes here, not into /tmp
        try (ChildProcess child = ChildJvm.main(ExplorerTest.class)
                .name("explorer-" + mode)
                .jvmArgs("-XX:+DisplayVMOutputToStderr", "-Djava.io.tmpdir=" + tmp)
                .args(mode)
                .start()) {
            child.awaitSuccess(Duration.ofSeconds(100));
            return Explorer.Verdict.parse(child.stdoutText());
        } finally {
            KitFiles.deleteRecursively(tmp);
        }
    }

    @Test
    @DisplayName("the canary, a racy counter, is caught on this JDK; or the verdict says the explorer is blind here")
    void canaryCaughtOrBlindSaid() throws Exception {
        Explorer.Verdict v = child("canary");
        System.out.println("Java " + Runtime.version().feature() + ": " + v);
        if (v instanceof Explorer.Verdict.Blind blind) {
            assertThat(blind.why())
                    .isEqualTo(String.format(Explorer.BLIND, Runtime.version().feature(), "counter"))
                    .contains("fall back");
        } else {
            assertThat(v)
                    .as("a correct counter, explored after the canary was caught")
                    .isInstanceOf(Explorer.Verdict.Passed.class);
        }
    }

    @Test
    @DisplayName("a broken canary (a correct counter in its place) makes the verdict blind, with the fallback sentence")
    void brokenCanaryFallsBack() throws Exception {
        Explorer.Verdict v = child("broken");
        assertThat(v).isInstanceOf(Explorer.Verdict.Blind.class);
        assertThat(((Explorer.Verdict.Blind) v).why())
                .isEqualTo(String.format(Explorer.BLIND, Runtime.version().feature(), "counter"));
    }

    /** A row of the model checker's detailed trace: {@code text} in column {@code column} of three, 44 wide. */
    static String row(int column, String text) {
        String[] cells = {"", "", ""};
        cells[column] = text;
        return cells(cells);
    }

    static String cells(String... texts) {
        StringBuilder b = new StringBuilder("|");
        for (String t : texts) {
            String cell = t.isEmpty() ? "" : " " + t;
            b.append(cell).append(" ".repeat(44 - cell.length())).append('|');
        }
        return b.toString();
    }

    static final String REPORT = String.join(
            "\n",
            "= Concurrent test failed =",
            "",
            "java.lang.AssertionError: get() returned 1, not 2",
            "Detailed trace:",
            "| " + "-".repeat(130) + " |",
            cells("Main Thread", "Thread 1", "Thread 2"),
            "| " + "-".repeat(130) + " |",
            row(0, "Thread#1.start() at T.run(T.java:5)"),
            row(2, "run()"),
            row(2, "c.value ➜ 0 at N.increment(N.java:5)"),
            row(1, "a$1.value ➜ 0 at N.increment(N.java:5)"),
            row(1, "N#1.value = 1 at N.increment(N.java:6)"),
            row(2, "c.value = 1 at N.increment(N.java:6)"),
            row(0, "N.<init>(): N#2 at N.<init>(N.java:2)"),
            row(0, "value ➜ 1 at N.get(N.java:9)"),
            "| " + "-".repeat(130) + " |");

    @Test
    @DisplayName("the trace keeps the learner's steps in order, one column per thread, at most 12 rows on the board")
    void traceTable() {
        String fixed = REPORT;
        Trace t = Trace.parse(fixed, Set.of("N.java"));
        assertThat(t.steps())
                .extracting(Trace.Row::thread, Trace.Row::line, Trace.Row::what)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, 5, "c.value ➜ 0"),
                        org.assertj.core.groups.Tuple.tuple(1, 5, "value ➜ 0"),
                        org.assertj.core.groups.Tuple.tuple(1, 6, "value = 1"),
                        org.assertj.core.groups.Tuple.tuple(2, 6, "c.value = 1"),
                        org.assertj.core.groups.Tuple.tuple(0, 9, "value ➜ 1"));
        List<String> table = t.table(Path.of("no-such-folder"));
        assertThat(table).hasSize(6).allMatch(l -> l.charAt(0) == Trace.BAR);
        assertThat(table.get(0)).contains("your code: N.java", "main", "thread 1", "thread 2");
        assertThat(table.get(1)).startsWith(Trace.BAR + "   5").endsWith("c.value ➜ 0");
        assertThat(table).allMatch(l -> l.length() <= 88);
    }

    @Test
    @DisplayName("a changed file named by katas.sources.changed stands in for the learner's: the table shows its lines")
    void changedSourcesStandIn(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path learner = java.nio.file.Files.createDirectories(dir.resolve("learner"));
        Path changed = java.nio.file.Files.createDirectories(dir.resolve("changed"));
        String five = "\n".repeat(4);
        java.nio.file.Files.writeString(learner.resolve("N.java"), five + "value++; // the learner's\nother\n");
        java.nio.file.Files.writeString(changed.resolve("N.java"), five + "long v = value;\nvalue = v + 1;\n");
        Trace t = Trace.parse(REPORT, Set.of("N.java"));
        assertThat(t.table(learner).get(1)).contains("value++");
        String before = System.getProperty(Trace.CHANGED_SOURCES);
        System.setProperty(Trace.CHANGED_SOURCES, changed.toString());
        try {
            assertThat(t.table(learner).get(1)).contains("long v = value;").doesNotContain("value++");
        } finally {
            if (before == null) {
                System.clearProperty(Trace.CHANGED_SOURCES);
            } else {
                System.setProperty(Trace.CHANGED_SOURCES, before);
            }
        }
    }
}
