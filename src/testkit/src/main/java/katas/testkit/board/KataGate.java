package katas.testkit.board;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import katas.testkit.Step;
import katas.testkit.results.ResultsFile;
import katas.testkit.results.TestRecord;

/**
 * Runs after a kata's tests, in the kata's own build (Maven's {@code test} phase).
 *
 * <pre>
 *   KataGate &lt;packaging&gt; learner   &lt;kata dir&gt; &lt;test classes dir&gt; &lt;results dir&gt;
 *   KataGate &lt;packaging&gt; integrity &lt;kata dir&gt; &lt;test classes dir&gt; &lt;results dir&gt; [max seconds per test]
 * </pre>
 * The packaging comes first so that the parent of the katas (packaging {@code pom}) is passed over.
 *
 * <ul>
 *   <li><b>learner</b>: prints the kata's steps, saves its progress for the board of the whole build, and
 *       fails when a test that ran did not pass (so that one kata alone also exits non-zero).</li>
 *   <li><b>integrity</b> (maintainers, {@code -Psolutions}): the kata's stubs are untouched, so every test
 *       must fail, because of a stub, quickly. A test that passes against stubs tests nothing.</li>
 * </ul>
 */
public final class KataGate {

    private KataGate() {
    }

    public static void main(String[] packagingAndArgs) {
        if (packagingAndArgs.length > 0 && packagingAndArgs[0].equals("pom")) {
            return;
        }
        String[] args = java.util.Arrays.copyOfRange(packagingAndArgs, 1, packagingAndArgs.length);
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: KataGate <packaging> learner|integrity <kata dir>"
                    + " <test classes dir> <results dir> [max seconds]");
        }
        Path kataDir = Path.of(args[1]).toAbsolutePath().normalize();
        Path testClasses = Path.of(args[2]);
        Path resultsDir = Path.of(args[3]);
        List<TestRecord> records = ResultsFile.read(ResultsFile.in(resultsDir));
        String[] idTitle = KataProgress.idAndTitle(kataDir);
        String relative = kataDir.getParent().getFileName() + "/" + kataDir.getFileName();
        KataProgress progress = KataProgress.of(idTitle[0], idTitle[1], relative, declaredSteps(testClasses), records);
        switch (args[0]) {
            case "learner" -> learner(progress, records, kataDir);
            case "integrity" -> integrity(progress, records, args.length > 4 ? Double.parseDouble(args[4]) : 10.0);
            default -> throw new IllegalArgumentException("unknown mode '" + args[0] + "': learner or integrity");
        }
    }

    private static void learner(KataProgress progress, List<TestRecord> records, Path kataDir) {
        boolean onlyOthers = !records.isEmpty() && records.stream().allMatch(r -> r.step() == 0);
        if (!onlyOthers) { // with -Pjcstress only the race proofs run: the steps' progress is not the question
            progress.save(kataDir.resolve("target/kata-progress.properties"));
            System.out.print(Board.renderOne(progress));
            System.out.flush();
        }
        if (records.isEmpty()) {
            System.out.println("  (no test of kata " + progress.id() + " ran in this build)");
            return;
        }
        List<TestRecord> others = records.stream().filter(r -> r.step() == 0).toList();
        if (!others.isEmpty()) {
            long passed = others.stream().filter(r -> r.status() == TestRecord.Status.PASSED).count();
            System.out.printf("  Other tests (not steps): %d of %d pass%n", passed, others.size());
            others.stream().filter(r -> r.status() != TestRecord.Status.PASSED).forEach(r -> TestRecord
                    .wrap("[" + r.status().name().toLowerCase() + "] " + r.test() + ": " + r.message(), 90)
                    .stream().limit(4).forEach(l -> System.out.println("    " + l)));
            if (passed < others.size()) {
                throw new KataNotFinished("Kata " + progress.id() + ": " + (others.size() - passed) + " of "
                        + others.size() + " tests outside the steps (" + others.get(0).stepTitle() + ") fail; see above.");
            }
            if (onlyOthers) {
                return;
            }
        }
        if (!progress.everythingRunPassed()) {
            String next = progress.next().map(s -> " Next: " + s.title() + ".").orElse("");
            throw new KataNotFinished("Kata " + progress.id() + " (" + progress.title() + ") is not finished: "
                    + progress.done() + " of " + progress.total() + " steps pass." + next + " See the board above.");
        }
    }

    private static void integrity(KataProgress progress, List<TestRecord> records, double maxSeconds) {
        List<String> problems = new ArrayList<>();
        if (records.isEmpty()) {
            problems.add("no kata test ran at all");
        }
        for (TestRecord r : records) {
            String name = "step " + r.step() + " '" + r.stepTitle() + "' / '" + r.test() + "'";
            switch (r.status()) {
                case PASSED -> problems.add(name + " PASSES against the untouched stubs: it tests nothing the learner writes");
                case SKIPPED, ABORTED -> problems.add(name + " was " + r.status().name().toLowerCase()
                        + " (" + r.message() + "): a kata test must run and fail on the stubs");
                case FAILED -> {
                    if (!r.todo()) {
                        problems.add(name + " fails on the stubs, but not because of a stub: " + r.message());
                    } else if (r.millis() > maxSeconds * 1000) {
                        problems.add(name + " took " + r.millis() + " ms to fail on a stub (limit " + maxSeconds
                                + " s): a stub must fail fast");
                    }
                }
            }
        }
        for (KataProgress.StepStatus s : progress.steps()) {
            if (s.state() == KataProgress.State.NOT_RUN) {
                problems.add("step " + s.number() + " '" + s.title() + "' declares @Step but none of its tests ran");
            }
        }
        long slowest = records.stream().mapToLong(TestRecord::millis).max().orElse(0);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("  INTEGRITY: " + p));
            throw new KataNotFinished("Integrity check of kata " + progress.id() + " failed: " + problems.size()
                    + " problem(s), listed above. First: " + problems.get(0));
        }
        System.out.printf("%n  Integrity of kata %s (%s): all %d tests in %d steps fail on the untouched stubs,"
                + " each with the stub's message (slowest %d ms, limit %.0f s).%n%n",
                progress.id(), progress.title(), records.size(), progress.total(), slowest, maxSeconds);
    }

    /** The classes under {@code testClasses} annotated with {@link Step}, found with the context class loader. */
    static List<KataProgress.StepInfo> declaredSteps(Path testClasses) {
        if (!Files.isDirectory(testClasses)) {
            return List.of();
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<KataProgress.StepInfo> steps = new ArrayList<>();
        try (Stream<Path> files = Files.walk(testClasses)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().contains("$"))::iterator) {
                String name = testClasses.relativize(f).toString().replace('/', '.').replace('\\', '.');
                name = name.substring(0, name.length() - ".class".length());
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                Step step = c.getAnnotation(Step.class);
                if (step != null && c.getEnclosingClass() == null) {
                    steps.add(new KataProgress.StepInfo(step.value(), name, displayName(c), step.hint()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the test classes in " + testClasses, e);
        }
        steps.sort(Comparator.comparingInt(KataProgress.StepInfo::number));
        return steps;
    }

    private static String displayName(Class<?> c) {
        org.junit.jupiter.api.DisplayName n = c.getAnnotation(org.junit.jupiter.api.DisplayName.class);
        return n == null ? c.getSimpleName() : n.value();
    }

    /** Thrown to fail the build with one plain sentence (Maven shows the message, not a stack trace). */
    public static final class KataNotFinished extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public KataNotFinished(String message) {
            super(message, null, false, false);
        }
    }
}
