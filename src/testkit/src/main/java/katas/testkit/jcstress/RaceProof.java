package katas.testkit.jcstress;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import katas.kit.KataTodo;
import org.junit.jupiter.api.Assumptions;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;

/**
 * Runs one jcstress test from a JUnit test and turns its outcome into a plain verdict: like jcstress, it fails when a
 * FORBIDDEN outcome shows, and, which jcstress does not check, when an outcome the test declares
 * {@link Expect#ACCEPTABLE_INTERESTING} (the race) never shows: else the proof proved nothing. {@link #prove(Class)}
 * prints what was seen, in words. Settings: {@code jcstress.args} (blank or unset: {@value #DEFAULT_ARGS}, the one
 * place these are written), {@code katas.jcstress.dir} (default {@code target/jcstress}). One proof at a time.
 */
public final class RaceProof {

    /**
     * Quick mode, one iteration, one fork, one JVM configuration (C2, the default compilers), enough to show the
     * races of these katas in every run; {@code -m default} is the thorough run (see docs/measurements.md,
     * "jcstress mode for the race proofs").
     */
    public static final String DEFAULT_ARGS = "-m quick -iters 1 -f 1 -sc false -jvmArgs -XX:+UseSerialGC";

    private RaceProof() {}

    /**
     * Runs the jcstress test {@code test} and returns the verdict, failing (with {@link AssertionError})
     * when a forbidden outcome showed, when a declared race never showed, or when the test did not run.
     * Aborts (a JUnit assumption: the test is skipped, saying why) when this JVM may use only one CPU, where
     * jcstress runs no test with two actors.
     */
    public static Verdict prove(Class<?> test) throws Exception {
        if (!test.isAnnotationPresent(JCStressTest.class)) {
            throw new IllegalArgumentException(test.getName() + " is not a @JCStressTest");
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            // jcstress gives every actor a CPU of its own; on one CPU it schedules no test with two actors at all.
            String why = "race proof " + test.getName() + " not run: this JVM may use " + cpus + " CPU (pinned with"
                    + " taskset?), and jcstress needs a CPU for each of a test's actors. Nothing is proven here: run"
                    + " the race proofs on 2 or more CPUs. (The JUnit race tests of the steps do run on one CPU.)";
            System.out.println("  " + why);
            Assumptions.abort(why);
        }
        Path reports = Path.of(System.getProperty("katas.jcstress.dir", "target/jcstress"))
                .toAbsolutePath();
        Files.createDirectories(reports);
        String given = System.getProperty("jcstress.args", "");
        List<String> args = new ArrayList<>(
                List.of((given.isBlank() ? DEFAULT_ARGS : given).trim().split("\\s+")));
        // jcstress names a nested test by its canonical name (Outer.Inner); accept the binary name too.
        String names = Pattern.quote(test.getCanonicalName()) + "|" + Pattern.quote(test.getName());
        args.addAll(List.of("-t", "^(" + names + ")$", "-r", reports.toString()));
        Options options = new Options(args.toArray(String[]::new));
        if (!options.parse()) {
            throw new IllegalArgumentException("jcstress refused the arguments " + args);
        }
        long start = System.nanoTime();
        Throwable thrown = null;
        PrintStream out = System.out;
        Path log = reports.resolve(test.getName() + ".log");
        // jcstress starts its worker JVMs with java.class.path: give them every class the tests' class loader sees
        // (a runner or IDE may load the tests in a class loader of their own).
        String classPath = System.getProperty("java.class.path");
        try (PrintStream toLog =
                new PrintStream(Files.newOutputStream(log), true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(toLog); // jcstress's own console report is long: it goes to the log, the verdict below to the
            // console
            System.setProperty("java.class.path", katas.kit.process.ChildJvm.classPath());
            new JCStress(options).run();
        } catch (Exception | AssertionError e) {
            thrown = e; // jcstress throws when an outcome is forbidden or a test errs; the verdict below says it in
            // words
        } finally {
            System.setOut(out);
            System.setProperty("java.class.path", classPath);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Path resultFile = Path.of(options.getResultFile());
        List<TestResult> results = new ArrayList<>();
        if (Files.exists(resultFile)) {
            DiskReadCollector reader = new DiskReadCollector(resultFile.toString(), results::add);
            try {
                reader.dump();
            } finally {
                reader.close();
                Files.move(
                        resultFile,
                        reports.resolve(resultFile.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (results.isEmpty()) {
            throw new AssertionError(
                    "jcstress ran no test named " + test.getName()
                            + " (is the jcstress annotation processor enabled for this module's tests?)",
                    thrown);
        }
        Verdict verdict = Verdict.of(test, results, seconds, log);
        System.out.println(verdict.report());
        if (!verdict.problems().isEmpty()) {
            throw new AssertionError(String.join("\n", verdict.problems()), thrown);
        }
        return verdict;
    }

    /** What one jcstress test showed, judged. */
    public record Verdict(
            String test,
            long samples,
            Map<String, Long> counts,
            List<String> lines,
            List<String> problems,
            double seconds) {

        static Verdict of(Class<?> test, List<TestResult> results, double seconds, Path log) {
            Map<String, Long> counts = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            for (TestResult r : results) {
                if (r.status() != Status.NORMAL) {
                    String todo = r.getMessages().stream()
                            .filter(m -> m.contains(KataTodo.MARKER))
                            .findFirst()
                            .map(m -> m.substring(m.indexOf(KataTodo.MARKER)).strip())
                            .orElse(null);
                    problems.add(test.getSimpleName() + " did not run cleanly under jcstress (" + r.status() + "): "
                            + (todo != null
                                    ? todo
                                    : String.join(
                                            " / ",
                                            r.getMessages().stream().limit(12).toList())));
                }
                for (String key : r.getStateKeys()) {
                    counts.merge(key, r.getCount(key), Long::sum);
                }
            }
            return judge(test, counts, problems, seconds, log);
        }

        /**
         * Judges what a jcstress test showed: every outcome it declares {@link Expect#ACCEPTABLE_INTERESTING} (the
         * race) must have shown, no {@link Expect#FORBIDDEN} one (declared, or not declared at all) may have.
         *
         * @param counts   samples per outcome
         * @param problems problems found already (a test that did not run cleanly), kept first
         */
        public static Verdict judge(
                Class<?> test, Map<String, Long> counts, List<String> problems, double seconds, Path log) {
            problems = new ArrayList<>(problems);
            long samples = counts.values().stream().mapToLong(Long::longValue).sum();
            Outcome[] outcomes = test.getAnnotationsByType(Outcome.class);
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                Outcome o = match(outcomes, e.getKey());
                Expect expect = o == null ? Expect.FORBIDDEN : o.expect();
                String desc = o == null ? "not declared by the test (counts as forbidden)" : o.desc();
                lines.add(String.format(
                        "    %-12s %-24s %,14d (%5.1f%%)  %s",
                        '"' + e.getKey() + '"',
                        expect,
                        e.getValue(),
                        100.0 * e.getValue() / Math.max(1, samples),
                        desc));
                if (expect == Expect.FORBIDDEN && e.getValue() > 0) {
                    problems.add(
                            test.getSimpleName() + ": FORBIDDEN outcome \"" + e.getKey() + "\" (" + desc + ") showed "
                                    + String.format("%,d", e.getValue()) + " times in " + String.format("%,d", samples)
                                    + " samples: the code under test still has the race this test forbids.");
                }
            }
            for (Outcome o : outcomes) {
                long seen = counts.entrySet().stream()
                        .filter(e -> matches(o, e.getKey()))
                        .mapToLong(Map.Entry::getValue)
                        .sum();
                if (o.expect() == Expect.FORBIDDEN && seen == 0) {
                    lines.add(String.format(
                            "  -> never seen: %s (FORBIDDEN) showed 0 times in %,d samples.", o.desc(), samples));
                }
                if (o.expect() != Expect.ACCEPTABLE_INTERESTING) {
                    continue;
                }
                if (seen > 0) {
                    lines.add(String.format(
                            "  -> observed: %s showed %,d times in %,d samples (%.2f%%). The race is real.",
                            o.desc(), seen, samples, 100.0 * seen / Math.max(1, samples)));
                }
                if (seen == 0) {
                    problems.add(test.getSimpleName() + ": the race was NOT observed: outcome "
                            + String.join("/", o.id())
                            + " (" + o.desc() + ") never showed in " + String.format("%,d", samples) + " samples."
                            + " A proof that cannot fail proves nothing: is the code under test still racy,"
                            + " with a real read and a separate real write?");
                }
            }
            lines.add("  (jcstress's own report: " + log + ")");
            return new Verdict(test.getName(), samples, counts, lines, problems, seconds);
        }

        private static Outcome match(Outcome[] outcomes, String key) {
            Outcome fallback = null;
            for (Outcome o : outcomes) {
                if (o.id().length == 0) {
                    fallback = o;
                } else if (matches(o, key)) {
                    return o;
                }
            }
            return fallback;
        }

        private static boolean matches(Outcome o, String key) {
            for (String id : o.id()) {
                if (Pattern.compile(id).matcher(key).matches()) {
                    return true;
                }
            }
            return false;
        }

        /** Samples of the outcomes declared {@link Expect#ACCEPTABLE_INTERESTING} (the race). */
        public long raceSamples(Class<?> test) {
            long n = 0;
            for (Outcome o : test.getAnnotationsByType(Outcome.class)) {
                if (o.expect() == Expect.ACCEPTABLE_INTERESTING) {
                    n += counts.entrySet().stream()
                            .filter(e -> matches(o, e.getKey()))
                            .mapToLong(Map.Entry::getValue)
                            .sum();
                }
            }
            return n;
        }

        /** The table and the verdict, in words. */
        public String report() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    "%n  jcstress %s: %,d samples in %.1f s%n",
                    test.substring(test.lastIndexOf('.') + 1), samples, seconds));
            lines.forEach(l -> b.append(l).append('\n'));
            if (!problems.isEmpty()) {
                problems.forEach(p -> b.append("  -> PROBLEM: ").append(p).append('\n'));
            }
            return b.toString();
        }
    }
}
