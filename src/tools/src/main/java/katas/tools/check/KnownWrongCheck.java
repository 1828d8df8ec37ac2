package katas.tools.check;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import katas.kit.process.KitFiles;
import katas.loop.board.Text;
import katas.loop.designs.Designs;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;
import katas.loop.progress.StepProgress;
import katas.loop.progress.TestResult;
import katas.loop.run.Death;
import katas.loop.run.KataRun;
import katas.loop.run.RunMarker;

/**
 * Proves that a kata's tests catch wrong code and accept right code: each known-wrong version ({@code
 * known-wrong/<name>.patch}, a {@link Patch} against the solution or its {@code base}) must fail at its first failing
 * step with a failure that mentions its {@code failure.mentions}; each known-right version ({@code known-right/<name>/}
 * with a {@code right.properties}) must pass. Each runs on the steps its files touch (or its {@code tests}), in a JVM
 * of its own ({@link KataRun}, mode {@code record}); first the same-files rule ({@link SameFiles}) is checked.
 * <pre>  KnownWrongCheck &lt;solution dir&gt; &lt;kata dir&gt; &lt;solution classes&gt; &lt;test classes&gt; &lt;work dir&gt; &lt;test class path&gt;</pre>
 * Exits 1 naming each version judged wrongly, 0 when all are judged as they should be.
 */
public final class KnownWrongCheck {

    private static final long TIMEOUT_MINUTES = 10;

    /** How many versions are checked at once (default: 2, or 1 on one CPU); each runs in a JVM of its own. */
    public static final String PARALLEL_PROPERTY = "katas.known.parallel";

    /**
     * A regular expression: only the known versions whose folder name matches it are checked (for a maintainer
     * working on one version: {@code -Dkatas.known.only=missing-flush}). Unset: every version.
     */
    public static final String ONLY_PROPERTY = "katas.known.only";

    /**
     * {@code true} (the default): a known-wrong version whose first failing step names the mistake only in a failure
     * other than the one the board shows (the most telling, {@link StepProgress#failureShown()}) is judged wrongly.
     * {@code false}: such a version passes, and is listed at the end as one whose board is not yet as telling as it
     * should be.
     */
    public static final String STRICT_PROPERTY = "katas.known.strict";

    private static final Set<String> SHOWN_ANOTHER = ConcurrentHashMap.newKeySet();

    /** A known-wrong version must fail; a known-right one must pass. */
    private enum Kind {
        WRONG("known-wrong", "mistake.properties", "mistake"),
        RIGHT("known-right", "right.properties", "approach");

        final String dir;
        final String file;
        final String what;

        Kind(String dir, String file, String what) {
            this.dir = dir;
            this.file = file;
            this.what = what;
        }
    }

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
        Path solutionProgress = solutionClasses.getParent().resolve(KataRun.SOLUTION_PROGRESS);
        if (!Files.exists(solutionProgress)) {
            fail("no " + solutionProgress + ": the solution's own test run writes it; run the test phase first");
        }
        KataProgress solved = KataProgress.loadFrom(solutionProgress, kata);
        List<Path> wrong = versions(solution.resolve(Kind.WRONG.dir), Kind.WRONG);
        List<Path> right = versions(solution.resolve(Kind.RIGHT.dir), Kind.RIGHT);
        if (wrong.isEmpty() && System.getProperty(ONLY_PROPERTY, "").isBlank()) {
            fail("no known-wrong versions in " + solution.resolve(Kind.WRONG.dir));
        }
        long start = System.nanoTime();
        int parallel = Integer.getInteger(
                PARALLEL_PROPERTY, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "known-version");
            t.setDaemon(true);
            return t;
        });
        List<String> problems = new ArrayList<>();
        try {
            List<Future<String>> verdicts = new ArrayList<>();
            List<ByteArrayOutputStream> outputs = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (Kind kind : Kind.values()) {
                for (Path version : kind == Kind.WRONG ? wrong : right) {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
                    outputs.add(buffer);
                    labels.add((kind == Kind.WRONG ? "KNOWN-WRONG NOT CAUGHT: " : "KNOWN-RIGHT REJECTED: ")
                            + name(version) + ": ");
                    verdicts.add(pool.submit(() -> check(
                            out,
                            kind,
                            solution,
                            kata,
                            solutionClasses,
                            testClasses,
                            classPath,
                            solved,
                            version,
                            work.resolve(kind.dir).resolve(name(version)))));
                }
            }
            for (int i = 0; i < verdicts.size(); i++) {
                String problem = verdicts.get(i).get();
                System.out.print(outputs.get(i).toString(StandardCharsets.UTF_8));
                System.out.flush();
                if (problem != null) {
                    problems.add(labels.get(i) + problem);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println();
        if (!problems.isEmpty()) {
            problems.forEach(u -> System.out.println("  " + u));
            fail(problems.size() + " of " + (wrong.size() + right.size())
                    + " known versions were judged wrongly by the kata's tests");
        }
        designsOffered(solution, kata, right);
        System.out.printf(
                "  Known versions: the kata's tests caught all %d known-wrong versions and passed all %d known-right"
                        + " ones (%.0f s).%n%n",
                wrong.size(), right.size(), (System.nanoTime() - start) / 1e9);
        if (!SHOWN_ANOTHER.isEmpty()) {
            System.out.printf(
                    "  Known-wrong versions whose board shows a failure that does not name the mistake (another failure"
                            + " of the step does): %d %s%n%n",
                    SHOWN_ANOTHER.size(), SHOWN_ANOTHER.stream().sorted().toList());
        }
    }

    /**
     * The designs a done kata offers its learner (generated into the loop's resources) must be known-right versions
     * (each run here, unless -Dkatas.known.only leaves it out), with the key lines their files have now: what the
     * board shows, the tests accept.
     */
    private static void designsOffered(Path solution, Path kata, List<Path> right) throws Exception {
        List<Designs.Design> offered = Designs.offered(kata.getFileName().toString());
        List<String> known;
        try (Stream<Path> s = Files.list(solution.resolve(Kind.RIGHT.dir))) {
            known = s.filter(v -> Files.isRegularFile(v.resolve(Kind.RIGHT.file)))
                    .map(v -> v.getFileName().toString())
                    .toList();
        }
        List<String> strangers = offered.stream()
                .map(Designs.Design::name)
                .filter(n -> !known.contains(n))
                .toList();
        if (!strangers.isEmpty()) {
            fail("designs offered to learners that are not known-right versions of this kata: " + strangers);
        }
        if (!offered.equals(Designs.read(solution))) {
            fail("the designs offered to learners (" + Designs.FOLDER + "/" + kata.getFileName()
                    + ".md) differ from what the known-right versions say now: regenerate them with"
                    + " java @src/loop/target/loop.args katas.loop.designs.Designs write .");
        }
        List<String> ran = right.stream().map(p -> p.getFileName().toString()).toList();
        System.out.printf(
                "  Designs offered to learners when the kata is done: %d, each a known-right version; %d of them ran"
                        + " here and passed.%n",
                offered.size(),
                offered.stream().filter(d -> ran.contains(d.name())).count());
    }

    /** Known-right versions are folders; known-wrong ones are {@code <name>.patch} files (a folder there is refused). */
    private static List<Path> versions(Path dir, Kind kind) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            String only = System.getProperty(ONLY_PROPERTY, "").strip();
            return s.filter(v -> kind == Kind.RIGHT ? Files.isDirectory(v) : true)
                    .filter(v -> only.isEmpty() || name(v).matches(only))
                    .sorted()
                    .toList();
        }
    }

    /** A version's name: its folder's, or its patch's without {@code .patch}. */
    private static String name(Path version) {
        return version.getFileName().toString().replaceFirst("\\.patch$", "");
    }

    /**
     * Applies a known-wrong patch to its base (the solution, or the known-right version its {@code base} names) and
     * writes the files it makes into {@code sources}; returns the problem, or null.
     */
    private static String applyPatch(Path solution, Path version, Properties about, Path sources) throws Exception {
        if (Files.isDirectory(version) || !version.toString().endsWith(".patch")) {
            return "known-wrong versions are patches now: make known-wrong/" + version.getFileName()
                    + ".patch from its files (see MakePatch in docs/maintainers.md)";
        }
        Patch patch;
        try {
            patch = Patch.parse(Files.readString(version, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return "known-wrong/" + version.getFileName() + " is not a patch: " + e.getMessage();
        }
        about.putAll(patch.header());
        String base = patch.header().getOrDefault("base", "");
        List<String> learnerFiles = SameFiles.javaFiles(solution.resolve("src/main/java"));
        Files.createDirectories(sources);
        for (Patch.FilePatch file : patch.files()) {
            if (!learnerFiles.contains(file.path())) {
                return "known-wrong/" + version.getFileName() + ": " + file.path() + " is not a learner file (paths"
                        + " are relative to src/main/java)";
            }
            try {
                String text = Files.readString(MakePatch.base(solution, base, file.path()), StandardCharsets.UTF_8);
                Files.writeString(
                        sources.resolve(Path.of(file.path()).getFileName().toString()),
                        Patch.apply(text, file),
                        StandardCharsets.UTF_8);
            } catch (Patch.DoesNotApply | IllegalArgumentException e) {
                return "known-wrong/" + version.getFileName() + ": " + e.getMessage();
            }
        }
        return null;
    }

    private static String check(
            PrintStream out,
            Kind kind,
            Path solution,
            Path kata,
            Path solutionClasses,
            Path testClasses,
            String classPath,
            KataProgress solved,
            Path version,
            Path work)
            throws Exception {
        Properties about = new Properties();
        KitFiles.deleteRecursively(work);
        Path files = version;
        if (kind == Kind.WRONG) {
            files = work.resolve("sources");
            String problem = applyPatch(solution, version, about, files);
            if (problem != null) {
                return problem;
            }
        } else {
            Path props = version.resolve(kind.file);
            if (!Files.exists(props)) {
                return "missing " + props;
            }
            try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
                about.load(r);
            }
        }
        List<String> mentions = Arrays.stream(
                        about.getProperty("failure.mentions", "").split(","))
                .map(String::strip)
                .filter(m -> !m.isEmpty())
                .toList();
        List<Path> sources;
        try (Stream<Path> s = Files.list(files)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        if (sources.isEmpty()) {
            return "needs at least one .java file";
        }
        if (kind == Kind.WRONG && mentions.isEmpty()) {
            return "needs 'failure.mentions: ...' in its header";
        }
        if (about.getProperty(kind.what, "").isBlank()) {
            return "needs '" + kind.what + (kind == Kind.WRONG ? ": ...' in its header" : " = ...' in " + kind.file);
        }
        List<String> learnerFiles = SameFiles.javaFiles(solution.resolve("src/main/java"));
        List<String> replaced = new ArrayList<>();
        for (Path source : sources) {
            String name = source.getFileName().toString();
            Optional<String> file = learnerFiles.stream()
                    .filter(f -> f.endsWith("/" + name) || f.equals(name))
                    .findFirst();
            if (file.isEmpty()) {
                return name + " does not replace any learner file";
            }
            replaced.add(file.get());
        }
        String tests = about.getProperty("tests", "").strip();
        if (tests.isEmpty()) {
            List<String> steps = solved.steps().stream()
                    .filter(s -> replaced.stream().anyMatch(s.sources()::containsKey))
                    .map(StepProgress::className)
                    .toList();
            if (steps.isEmpty()) {
                return "no step's tests load " + replaced + " (say which steps with 'tests = ...')";
            }
            tests = steps.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        }
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
        if (javac.run(null, out, out, javacArgs.toArray(String[]::new)) != 0) {
            return "does not compile against the solution (see javac's errors above)";
        }
        Path progressFile = work.resolve("progress.properties");
        Path log = work.resolve("output.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long start = System.nanoTime();
        Process child = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        // The board's tables of the learner's lines (the model checker's) show the version's files.
                        "-Dkatas.sources.changed=" + files, // katas.testkit.explore.Trace.CHANGED_SOURCES
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
                        "--tests-regex=" + tests,
                        "--progress",
                        progressFile.toString(),
                        "--classpath",
                        classes + File.pathSeparator + classPath,
                        // This check supervises the test JVM itself (no KataRun supervisor: one JVM less per version).
                        "--child=true")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!child.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor();
            return "the kata's tests did not finish within " + TIMEOUT_MINUTES + " minutes (log: " + log + ")";
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // A test JVM that died (crashed, killed, ended by the version's code) says where in its marker: the progress
        // records it as KataRun's supervisor would, so the verdict below judges the board a learner would get.
        RunMarker marker = RunMarker.of(classes);
        Optional<RunMarker.State> last = marker.read();
        if (last.isPresent() && !last.get().finished()) {
            String sentence = Death.sentence(child.exitValue(), last, 0);
            Death.record(KataProgress.loadFrom(progressFile, kata), last, sentence)
                    .saveTo(progressFile, Sources.allHashes(solution.resolve("src/main/java")));
        }
        KataProgress progress = KataProgress.loadFrom(progressFile, kata);
        List<StepProgress.Test> ran = progress.steps().stream()
                .flatMap(s -> s.tests().stream())
                .filter(t -> t.result().isPresent())
                .toList();
        List<StepProgress.Test> failed =
                ran.stream().filter(t -> !t.result().get().passed()).toList();
        String name = name(version) + " (" + about.getProperty(kind.what) + ")";
        String died = progress.died().isEmpty() ? "" : "; " + progress.died();
        if (ran.isEmpty()) {
            return "no kata test ran (exit code " + child.exitValue() + ", log: " + log + ")" + died;
        }
        if (kind == Kind.RIGHT) {
            if (!failed.isEmpty()) {
                StepProgress.Test shown = progress.steps().stream()
                        .filter(s -> s.tests().stream().anyMatch(failed::contains))
                        .findFirst()
                        .flatMap(StepProgress::failureShown)
                        .orElse(failed.get(0));
                return failed.size() + " of " + ran.size() + " tests FAIL on this correct version; the board shows: "
                        + shown.name() + ": "
                        + Text.cut(shown.result().get().message(), 600) + died;
            }
            out.printf("%n  Known-right %s%n    passes: all %d tests (%.1f s).%n", name, ran.size(), seconds);
            return null;
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
        StepProgress first = progress.steps().stream()
                .filter(s -> s.tests().stream().anyMatch(failed::contains))
                .findFirst()
                .orElseThrow();
        // The failure the learner's board shows for that step (StepProgress.failureShown: the one place that ranks).
        StepProgress.Test example = first.failureShown().orElseThrow();
        String shown = example.result().get().message().toLowerCase(Locale.ROOT);
        List<String> missing = mentions.stream()
                .filter(m -> !shown.contains(m.toLowerCase(Locale.ROOT)))
                .toList();
        if (!missing.isEmpty()) {
            // The step's failures together (each may name a part): the rule before the board ranked its failures.
            List<StepProgress.Test> stepFailed =
                    first.tests().stream().filter(failed::contains).toList();
            String all = stepFailed.stream()
                    .map(t -> t.result().get().message())
                    .collect(Collectors.joining("\n"))
                    .toLowerCase(Locale.ROOT);
            Optional<StepProgress.Test> naming =
                    mentions.stream().allMatch(m -> all.contains(m.toLowerCase(Locale.ROOT)))
                            ? stepFailed.stream()
                                    .filter(t -> t.result()
                                            .get()
                                            .message()
                                            .toLowerCase(Locale.ROOT)
                                            .contains(mentions.get(0).toLowerCase(Locale.ROOT)))
                                    .findFirst()
                                    .or(() -> Optional.of(stepFailed.get(0)))
                            : Optional.empty();
            if (naming.isPresent() && !strict()) {
                SHOWN_ANOTHER.add(name(version));
                out.printf(
                        "%n  Known-wrong %s%n    caught: %d of %d tests fail (%.1f s); step %d names it %s in %s,"
                                + " but the board shows another of its failures first (%s): mark the naming test"
                                + " @Telling (without -D%s=false this is an error)%n",
                        name,
                        failed.size(),
                        ran.size(),
                        seconds,
                        first.number(),
                        mentions,
                        naming.get().name(),
                        example.name(),
                        STRICT_PROPERTY);
                return null;
            }
            return failed.size() + " tests fail, but the failure the board shows for the first failing step (step "
                    + first.number() + ") does not mention " + missing
                    + ": the tests catch it without naming the mistake. It shows: " + example.name() + ": "
                    + Text.cut(example.result().get().message(), 600)
                    + (progress.died().isEmpty() ? "" : " (" + progress.died() + ")")
                    + naming.map(t -> ". Another failure of the step names it (" + t.name() + "): mark that test"
                                    + " @Telling, or make the shown one name what it observed (-D" + STRICT_PROPERTY
                                    + "=false only lists such a version)")
                            .orElse("");
        }
        out.printf(
                "%n  Known-wrong %s%n    caught: %d of %d tests fail (%.1f s); step %d names it %s, e.g. %s:%n",
                name, failed.size(), ran.size(), seconds, first.number(), mentions, example.name());
        Text.wrap(Text.cut(example.result().get().message(), 300), 88).forEach(l -> out.println("      " + l));
        return null;
    }

    /** Whether the board's own failure must name the mistake: {@link #STRICT_PROPERTY}, true unless set otherwise. */
    static boolean strict() {
        return !"false"
                .equalsIgnoreCase(System.getProperty(STRICT_PROPERTY, "true").strip());
    }

    private static void fail(String message) {
        System.out.println("  KNOWN-WRONG CHECK FAILED: " + message);
        System.out.flush();
        System.exit(1);
    }
}
