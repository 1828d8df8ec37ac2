package katas.loop.check;

import java.io.File;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import katas.kit.process.KitFiles;
import katas.loop.board.Text;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepProgress;
import katas.loop.progress.TestResult;
import katas.loop.run.KataRun;

/**
 * Proves that a kata's tests catch wrong code: each known-wrong version must make them fail, and say why.
 *
 * <p>A solution keeps its known-wrong versions in {@code known-wrong/<name>/}: one or more learner files (each
 * replaces the solution's file of the same name) and a {@code mistake.properties} with {@code mistake} (the mistake,
 * in one sentence), {@code failure.mentions} (comma-separated words that at least one failure message must contain,
 * so that the tests name the mistake) and, optionally, {@code tests} (a regular expression of the step classes to
 * run; all of them when absent). Each version is compiled against the solution, then the kata's tests run on it in
 * a JVM of their own ({@link KataRun}, mode {@code record}).
 *
 * <p>First it checks the same-files rule ({@link SameFiles}).
 *
 * <pre>  KnownWrongCheck &lt;solution dir&gt; &lt;kata dir&gt; &lt;solution classes&gt; &lt;test classes&gt; &lt;work dir&gt; &lt;test class path&gt;</pre>
 *
 * Exits 1, naming each version the tests did not catch, and 0 when they caught every one.
 */
public final class KnownWrongCheck {

    private static final long TIMEOUT_MINUTES = 10;

    private KnownWrongCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: KnownWrongCheck <solution dir> <kata dir> <solution classes>"
                    + " <test classes> <work dir> <test class path>");
        }
        Path solution = Path.of(args[0]).toAbsolutePath();
        Path kata = Path.of(args[1]).toAbsolutePath();
        Path solutionClasses = Path.of(args[2]).toAbsolutePath();
        Path testClasses = Path.of(args[3]).toAbsolutePath();
        Path work = Path.of(args[4]).toAbsolutePath();
        String classPath = args[5];
        SameFiles.Verdict same = SameFiles.check(kata.resolve("src/main/java"), solution.resolve("src/main/java"));
        if (!same.holds()) {
            fail(String.join("; ", same.problems()));
        }
        System.out.printf(
                "%n  Same files: the solution has exactly the kata's learner files; the %d given ones %s"
                        + " are identical.%n",
                same.given().size(), same.given());
        Path variantsDir = solution.resolve("known-wrong");
        List<Path> variants;
        try (Stream<Path> s = Files.list(variantsDir)) {
            variants = s.filter(Files::isDirectory).sorted().toList();
        }
        if (variants.isEmpty()) {
            fail("no known-wrong versions in " + variantsDir);
        }
        List<String> uncaught = new ArrayList<>();
        for (Path variant : variants) {
            String problem = check(
                    solution,
                    kata,
                    solutionClasses,
                    testClasses,
                    classPath,
                    variant,
                    work.resolve(variant.getFileName()));
            if (problem != null) {
                uncaught.add(variant.getFileName() + ": " + problem);
            }
        }
        System.out.println();
        if (!uncaught.isEmpty()) {
            uncaught.forEach(u -> System.out.println("  KNOWN-WRONG NOT CAUGHT: " + u));
            fail(uncaught.size() + " of " + variants.size()
                    + " known-wrong versions were not caught by the kata's tests");
        }
        System.out.printf(
                "  Known-wrong check: the kata's tests caught all %d known-wrong versions.%n%n", variants.size());
    }

    private static String check(
            Path solution, Path kata, Path solutionClasses, Path testClasses, String classPath, Path variant, Path work)
            throws Exception {
        Properties mistake = new Properties();
        Path props = variant.resolve("mistake.properties");
        if (!Files.exists(props)) {
            return "missing " + props;
        }
        try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
            mistake.load(r);
        }
        List<String> mentions = Arrays.stream(
                        mistake.getProperty("failure.mentions", "").split(","))
                .map(String::strip)
                .filter(m -> !m.isEmpty())
                .toList();
        List<Path> sources;
        try (Stream<Path> s = Files.list(variant)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        if (sources.isEmpty() || mentions.isEmpty()) {
            return "needs at least one .java file and failure.mentions in mistake.properties";
        }
        List<String> learnerFiles = SameFiles.javaFiles(solution.resolve("src/main/java"));
        for (Path source : sources) {
            if (learnerFiles.stream()
                    .noneMatch(f -> f.endsWith("/" + source.getFileName())
                            || f.equals(source.getFileName().toString()))) {
                return source.getFileName() + " does not replace any learner file";
            }
        }
        KitFiles.deleteRecursively(work);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> javacArgs = new ArrayList<>(List.of(
                "-d",
                classes.toString(),
                "-cp",
                solutionClasses + File.pathSeparator + classPath,
                "-proc:none",
                "-nowarn",
                "-encoding",
                "UTF-8"));
        sources.forEach(s -> javacArgs.add(s.toString()));
        if (javac.run(null, null, null, javacArgs.toArray(String[]::new)) != 0) {
            return "does not compile against the solution (see javac's errors above)";
        }
        Path progressFile = work.resolve("progress.properties");
        Path log = work.resolve("output.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        KataRun.class.getName(),
                        "--mode",
                        "record",
                        "--kata",
                        kata.toString(),
                        "--sources",
                        solution.resolve("src/main/java").toString(),
                        "--classes",
                        classes.toString(),
                        "--test-classes",
                        testClasses.toString(),
                        "--tests-regex=" + mistake.getProperty("tests", ".*").strip(),
                        "--progress",
                        progressFile.toString(),
                        "--classpath",
                        classes + File.pathSeparator + classPath)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!child.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor();
            return "the kata's tests did not finish within " + TIMEOUT_MINUTES + " minutes (log: " + log + ")";
        }
        KataProgress progress = KataProgress.loadFrom(progressFile, kata);
        List<StepProgress.Test> ran = progress.steps().stream()
                .flatMap(s -> s.tests().stream())
                .filter(t -> t.result().isPresent())
                .toList();
        List<StepProgress.Test> failed =
                ran.stream().filter(t -> !t.result().get().passed()).toList();
        String name = variant.getFileName() + " (" + mistake.getProperty("mistake", "?") + ")";
        if (ran.isEmpty()) {
            return "no kata test ran (exit code " + child.exitValue() + ", log: " + log + ")";
        }
        if (failed.isEmpty()) {
            return "ALL " + ran.size() + " kata tests PASS on it: the tests do not catch this mistake";
        }
        List<StepProgress.Test> todo = failed.stream()
                .filter(t -> t.result().get().status() == TestResult.Status.TODO)
                .toList();
        if (!todo.isEmpty()) {
            return "fails only because a stub is not written (" + todo.get(0).name() + "): write the whole version";
        }
        String allMessages = failed.stream()
                .map(t -> t.result().get().message())
                .collect(Collectors.joining("\n"))
                .toLowerCase(Locale.ROOT);
        List<String> missing = mentions.stream()
                .filter(m -> !allMessages.contains(m.toLowerCase(Locale.ROOT)))
                .toList();
        if (!missing.isEmpty()) {
            return failed.size() + " tests fail, but no failure message mentions " + missing
                    + ": the tests catch it without naming the mistake. First failure: "
                    + failed.get(0).result().get().message();
        }
        StepProgress.Test example = failed.get(0);
        int step = progress.steps().stream()
                .filter(s -> s.tests().contains(example))
                .findFirst()
                .map(StepProgress::number)
                .orElse(0);
        System.out.printf(
                "%n  Known-wrong %s%n    caught: %d of %d tests fail, naming it %s.%n    e.g. step %d / %s:%n",
                name, failed.size(), ran.size(), mentions, step, example.name());
        Text.wrap(Text.cut(example.result().get().message(), 300), 88).forEach(l -> System.out.println("      " + l));
        return null;
    }

    private static void fail(String message) {
        System.out.println("  KNOWN-WRONG CHECK FAILED: " + message);
        System.out.flush();
        System.exit(1);
    }
}
