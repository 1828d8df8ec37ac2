package katas.loop.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;

/**
 * Runs one kata's tests in a JVM of its own: what each kata module's build starts in Maven's {@code test} phase.
 *
 * <pre>
 * java @src/loop/target/loop.args katas.loop.run.KataRun --mode MODE --kata DIR --sources DIR --classes DIR
 *      --test-classes DIR [--test=PATTERNS] [--proofs skip|run|only] [--tests-regex=REGEX] [--progress FILE]
 *      [--reports DIR] --classpath CLASSPATH
 * </pre>
 * Modes:
 * <ul>
 *   <li>{@code learner}: runs the picked steps (and, with {@code --proofs}, the race proofs), adds the results to the
 *       kata's progress file, and prints one line for the kata plus the failures of steps that fail for a reason
 *       other than a stub. Exits 0: the board decides the build's verdict.</li>
 *   <li>{@code integrity} (maintainers, on the untouched stubs): every test must fail, because of a stub, within
 *       {@value #STUB_SECONDS} s; every test class must be a step or a race proof. Exits 1 otherwise.</li>
 *   <li>{@code solution} (maintainers, on a reference solution): every test and every race proof must pass. Exits 1
 *       otherwise.</li>
 *   <li>{@code record} (the known-wrong check): runs the steps whose class matches {@code --tests-regex} and writes
 *       the progress to {@code --progress}; prints nothing but a summary.</li>
 *   <li>{@code prepare} (watch mode): only saves the kata's class path.</li>
 * </ul>
 */
public final class KataRun {

    /** How long a test may take to fail on a stub. */
    public static final double STUB_SECONDS = 10.0;

    /** In a solution module's {@code target/}: the solution run's progress, with the learner files each step loaded. */
    public static final String SOLUTION_PROGRESS = "solution-progress.properties";

    private KataRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = options(args);
        String mode = a.getOrDefault("mode", "learner");
        Path kataDir = Path.of(need(a, "kata"));
        KataFiles files = new KataFiles(
                kataDir,
                Path.of(need(a, "sources")),
                Path.of(need(a, "classes")),
                Path.of(need(a, "test-classes")),
                KataFiles.split(need(a, "classpath")));
        if (mode.equals("learner") || mode.equals("prepare")) {
            files.saveClasspath();
        }
        if (mode.equals("prepare")) {
            return;
        }
        String proofs = a.getOrDefault("proofs", "skip");
        Selection selection = Selection.parse(a.getOrDefault("test", ""));
        Pattern classes = Pattern.compile(a.getOrDefault("tests-regex", ".*"));
        Predicate<Runner.Unit> pick = switch (mode) {
            case "learner" ->
                u -> (u.proof() ? !proofs.equals("skip") : !proofs.equals("only"))
                        && selection.picks(u.stepClass(), u.method());
            case "integrity" -> u -> !u.proof();
            case "solution" -> u -> selection.picks(u.stepClass(), u.method());
            case "record" -> u -> !u.proof() && classes.matcher(u.stepClass()).matches();
            default ->
                throw new IllegalArgumentException(
                        "unknown --mode " + mode + ": learner, integrity, solution, record or prepare");
        };
        Path reports = a.containsKey("reports") ? Path.of(a.get("reports")) : null;
        Path log = kataDir.resolve("target/kata-output.log");
        if (mode.equals("solution") || mode.equals("record")) {
            log = files.learnerClasses().getParent().resolve("kata-output.log");
        }
        Files.createDirectories(log.getParent());
        int exit;
        try (PrintStream output = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            Runner runner = new Runner();
            Runner.Plan plan;
            try (URLClassLoader loader = files.loader()) {
                plan = runner.discover(loader, files.testClasses());
            }
            System.setProperty(
                    "katas.kata",
                    "katas/" + kataDir.toAbsolutePath().normalize().getFileName());
            long start = System.nanoTime();
            // Maintainers see everything; a learner who asked for the race proofs sees their verdicts as they come.
            boolean show = mode.equals("solution") || (mode.equals("learner") && !proofs.equals("skip"));
            PrintStream capture = show ? tee(output, System.out) : output;
            Steps.Result run = Steps.run(runner, files, plan, pick, null, reports, capture);
            Map<String, Runner.Outcome> outcomes = run.outcomes();
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, String> hashes = Sources.allHashes(files.learnerSources());
            KataProgress old = mode.equals("learner") ? KataProgress.load(kataDir) : KataProgress.empty(kataDir);
            KataProgress progress = Merge.merge(old, plan, outcomes, run::usedBy, hashes);
            exit = switch (mode) {
                case "learner" -> {
                    progress.save(kataDir, hashes);
                    Report.learner(System.out, progress, plan, outcomes, files, seconds, selection, log, kataDir);
                    yield 0;
                }
                case "record" -> {
                    progress.saveTo(Path.of(need(a, "progress")), hashes);
                    System.out.printf("recorded %d tests in %.1f s%n", outcomes.size(), seconds);
                    yield 0;
                }
                case "integrity" -> Integrity.check(System.out, progress, plan, STUB_SECONDS) ? 0 : 1;
                default -> {
                    // The known-wrong check reads which learner files each step loaded from here.
                    progress.saveTo(files.learnerClasses().getParent().resolve(SOLUTION_PROGRESS), hashes);
                    yield Report.solution(System.out, progress, plan, outcomes, files, seconds) ? 0 : 1;
                }
            };
        }
        System.out.flush();
        System.exit(exit);
    }

    private static PrintStream tee(PrintStream a, PrintStream b) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int c) {
                        a.write(c);
                        b.write(c);
                    }

                    @Override
                    public void write(byte[] buf, int off, int len) {
                        a.write(buf, off, len);
                        b.write(buf, off, len);
                    }

                    @Override
                    public void flush() {
                        a.flush();
                        b.flush();
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + arg + "' (options are --name value or --name=value)");
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                a.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                a.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
        }
        return a;
    }

    static String need(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing option --" + key);
        }
        return v;
    }
}
