package katas.testkit.check;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
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
import katas.testkit.results.ResultsFile;
import katas.testkit.results.TestRecord;

/**
 * Proves that a kata's tests catch wrong code: each known-wrong version must make them fail, and say why.
 *
 * <p>A solution keeps its known-wrong versions in {@code known-wrong/<name>/}: one or more learner files
 * (each replaces the solution's file of the same name) and a {@code mistake.properties} with
 * {@code mistake} (the mistake, in one sentence), {@code failure.mentions} (comma-separated words
 * that at least one failure message must contain, so that the tests name the mistake) and, optionally,
 * {@code tests} (a regular expression of the test class names to run; all of them when absent: a version
 * whose mistake only a slow step can catch need not wait for every other step too).
 * Each version is compiled against the solution, then the kata's tests run on it in a child JVM.
 *
 * <p>First it checks that the solution has exactly the kata's learner files (same paths), so that a
 * learner can copy the solution over the kata and nothing is missing or extra, and that the given ones
 * (learner files without a {@code Kata.todo} stub) are identical on both sides.
 *
 * <pre>  KnownWrongCheck &lt;packaging&gt; &lt;solution dir&gt; &lt;kata learner sources&gt; &lt;kata test classes dir&gt; &lt;work dir&gt;</pre>
 *
 * Exits 1, naming each version the tests did not catch, and 0 when they caught every one.
 */
public final class KnownWrongCheck {

    private static final long TIMEOUT_MINUTES = 10;

    private KnownWrongCheck() {
    }

    public static void main(String[] packagingAndArgs) throws Exception {
        if (packagingAndArgs.length > 0 && packagingAndArgs[0].equals("pom")) {
            return; // the parent of the solutions
        }
        String[] args = Arrays.copyOfRange(packagingAndArgs, 1, packagingAndArgs.length);
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: KnownWrongCheck <solution dir> <kata learner sources> <test classes dir> <work dir>");
        }
        Path solution = Path.of(args[0]).toAbsolutePath();
        Path kataSources = Path.of(args[1]).toAbsolutePath();
        Path testClasses = Path.of(args[2]).toAbsolutePath();
        Path work = Path.of(args[3]).toAbsolutePath();
        List<String> kataFiles = javaFiles(kataSources);
        List<String> solutionFiles = javaFiles(solution.resolve("src/main/java"));
        if (!kataFiles.equals(solutionFiles)) {
            fail("the solution's learner files differ from the kata's: kata " + kataFiles + ", solution " + solutionFiles);
        }
        // A learner file with no stub in it is given code (a record, an exception type): both sides must agree.
        List<String> given = new ArrayList<>();
        for (String file : kataFiles) {
            String kataText = Files.readString(kataSources.resolve(file));
            if (!kataText.contains("Kata.todo(")) {
                given.add(file);
                if (!kataText.equals(Files.readString(solution.resolve("src/main/java").resolve(file)))) {
                    fail("given file " + file + " (no Kata.todo in it) differs between the kata and its solution:"
                            + " edit both, or make it a learner file with a stub");
                }
            }
        }
        System.out.printf("%n  Same files: the solution has exactly the kata's %d learner files; the %d given ones %s"
                + " are identical.%n", kataFiles.size(), given.size(), given);
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
            String problem = check(solution.resolve("src/main/java"), variant, testClasses, work.resolve(variant.getFileName()));
            if (problem != null) {
                uncaught.add(variant.getFileName() + ": " + problem);
            }
        }
        System.out.println();
        if (!uncaught.isEmpty()) {
            uncaught.forEach(u -> System.out.println("  KNOWN-WRONG NOT CAUGHT: " + u));
            fail(uncaught.size() + " of " + variants.size() + " known-wrong versions were not caught by the kata's tests");
        }
        System.out.printf("  Known-wrong check: the kata's tests caught all %d known-wrong versions.%n%n", variants.size());
    }

    private static String check(Path learnerSources, Path variant, Path testClasses, Path work) throws Exception {
        Properties mistake = new Properties();
        Path props = variant.resolve("mistake.properties");
        if (!Files.exists(props)) {
            return "missing " + props;
        }
        try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
            mistake.load(r);
        }
        List<String> mentions = Arrays.stream(mistake.getProperty("failure.mentions", "").split(","))
                .map(String::strip).filter(m -> !m.isEmpty()).toList();
        List<Path> sources;
        try (Stream<Path> s = Files.list(variant)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        if (sources.isEmpty() || mentions.isEmpty()) {
            return "needs at least one .java file and failure.mentions in mistake.properties";
        }
        for (Path source : sources) {
            if (findLearnerFile(learnerSources, source.getFileName().toString()) == null) {
                return source.getFileName() + " does not replace any learner file under " + learnerSources;
            }
        }
        deleteRecursively(work);
        Path classes = Files.createDirectories(work.resolve("classes"));
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> javacArgs = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath, "-proc:none",
                "-nowarn", "-encoding", "UTF-8"));
        sources.forEach(s -> javacArgs.add(s.toString()));
        if (javac.run(null, null, null, javacArgs.toArray(String[]::new)) != 0) {
            return "does not compile against the solution (see javac's errors above)";
        }
        Path results = work.resolve("results");
        Path log = work.resolve("output.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", classes + java.io.File.pathSeparator + classPath,
                "-D" + ResultsFile.DIR_PROPERTY + "=" + results, RunKataTests.class.getName(), testClasses.toString(),
                mistake.getProperty("tests", ".*").strip())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor();
            return "the kata's tests did not finish within " + TIMEOUT_MINUTES + " minutes (log: " + log + ")";
        }
        List<TestRecord> records = ResultsFile.read(ResultsFile.in(results));
        List<TestRecord> failed = records.stream().filter(r -> r.status() == TestRecord.Status.FAILED).toList();
        String name = variant.getFileName() + " (" + mistake.getProperty("mistake", "?") + ")";
        if (records.isEmpty()) {
            return "no kata test ran (log: " + log + ")";
        }
        if (failed.isEmpty()) {
            return "ALL " + records.size() + " kata tests PASS on it: the tests do not catch this mistake";
        }
        List<TestRecord> todo = failed.stream().filter(TestRecord::todo).toList();
        if (!todo.isEmpty()) {
            return "fails only because a stub is not written (" + todo.get(0).test() + "): write the whole version";
        }
        String allMessages = failed.stream().map(TestRecord::message).collect(Collectors.joining("\n"))
                .toLowerCase(Locale.ROOT);
        List<String> missing = mentions.stream().filter(m -> !allMessages.contains(m.toLowerCase(Locale.ROOT))).toList();
        if (!missing.isEmpty()) {
            return failed.size() + " tests fail, but no failure message mentions " + missing
                    + ": the tests catch it without naming the mistake. First failure: " + failed.get(0).message();
        }
        TestRecord example = failed.get(0);
        String excerpt = example.message().length() > 300 ? example.message().substring(0, 300) + " ..." : example.message();
        System.out.printf("%n  Known-wrong %s%n    caught: %d of %d tests fail, naming it %s.%n    e.g. step %d / %s:%n",
                name, failed.size(), records.size(), mentions, example.step(), example.test());
        TestRecord.wrap(excerpt, 88).forEach(l -> System.out.println("      " + l));
        return null;
    }

    private static List<String> javaFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static Path findLearnerFile(Path learnerSources, String fileName) throws IOException {
        try (Stream<Path> s = Files.walk(learnerSources)) {
            return s.filter(p -> p.getFileName().toString().equals(fileName)).findFirst().orElse(null);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void fail(String message) {
        System.out.println("  KNOWN-WRONG CHECK FAILED: " + message);
        System.out.flush();
        System.exit(1);
    }
}
