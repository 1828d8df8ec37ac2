package katas.loop.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;

/**
 * Runs one kata's tests in a JVM of its own, under a supervisor that records a test JVM that died or got stuck: what
 * each kata module's build starts in Maven's {@code test} phase, in one of five modes ({@link #main}).
 */
public final class KataRun {

    /** How long a test may take to fail on a stub. */
    public static final double STUB_SECONDS = 10.0;

    /** In a solution module's {@code target/}: the solution run's progress, with the learner files each step loaded. */
    public static final String SOLUTION_PROGRESS = "solution-progress.properties";

    /** What a run is for; {@code --mode} names it in lower case. */
    enum Mode {
        LEARNER,
        INTEGRITY,
        SOLUTION,
        RECORD,
        PREPARE;

        static Mode parse(String name) {
            for (Mode m : values()) {
                if (m.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    "unknown --mode " + name + ": learner, integrity, solution, record or prepare");
        }

        /** A learner's run, or the known-wrong check's, which judges what a learner would see: bounded, saved. */
        boolean learnerLike() {
            return this == LEARNER || this == RECORD;
        }
    }

    private KataRun() {}

    /**
     * Runs or supervises one run.
     *
     * <pre>
     * java @src/loop/target/loop.args katas.loop.run.KataRun --mode MODE --kata DIR --sources DIR --classes DIR
     *      --test-classes DIR [--test=PATTERNS] [--proofs skip|run|only] [--tests-regex=REGEX] [--progress FILE]
     *      [--reports DIR] --classpath CLASSPATH
     * </pre>
     * Modes:
     * <ul>
     *   <li>{@code learner}: runs the picked steps (and, with {@code --proofs}, the race proofs), adds the results
     *       to the kata's progress file, and prints one line for the kata plus the failures of steps that fail for a
     *       reason other than a stub. Exits 0: the board decides the build's verdict.</li>
     *   <li>{@code integrity} (maintainers, on the untouched stubs): every test must fail, because of a stub, within
     *       {@value #STUB_SECONDS} s; every test class must be a step or a race proof. Exits 1 otherwise.</li>
     *   <li>{@code solution} (maintainers, on a reference solution): every test and every race proof must pass.
     *       Exits 1 otherwise.</li>
     *   <li>{@code record} (the known-wrong check): runs the steps whose class matches {@code --tests-regex} and
     *       writes the progress to {@code --progress}; prints nothing but a summary.</li>
     *   <li>{@code prepare} (watch mode): only saves the kata's class path.</li>
     * </ul>
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = options(args);
        Mode mode = Mode.parse(a.getOrDefault("mode", "learner"));
        if (mode != Mode.PREPARE && !a.containsKey("child")) {
            System.exit(supervise(args, a, mode));
        }
        RunMarker marker = RunMarker.of(Path.of(need(a, "classes")));
        try {
            run(a, mode, marker);
        } catch (Throwable t) {
            // What reaches here ends the run: say so where the supervisor looks (an OutOfMemoryError, say).
            marker.error(Runner.describe(t));
            throw t;
        }
    }

    /**
     * The supervisor: starts the run in a test JVM of its own ({@code --child}), waits, and if that JVM dies before its
     * run ends (killed, crashed, ended by the code under test, or stopped here after {@value Bounds#STUCK_SECONDS} s
     * without progress in a bounded run), reports it in a few lines: which kata, what happened (exit code, signal) and
     * the test it was in, from the JVM's {@link RunMarker}. A learner's run records it in the progress file (the board
     * shows it) and exits 0, so that the build goes on to the next kata and the board; the maintainers' runs fail.
     */
    static int supervise(String[] args, Map<String, String> a, Mode mode) throws Exception {
        Path kataDir = Path.of(need(a, "kata"));
        RunMarker marker = RunMarker.of(Path.of(need(a, "classes")));
        marker.delete();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(x -> !x.startsWith("-Djava.class.path="))
                .forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KataRun.class.getName());
        command.addAll(List.of(args));
        command.add("--child=true");
        Process child = new ProcessBuilder(command).inheritIO().start();
        Thread stop = new Thread(() -> {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        });
        Runtime.getRuntime().addShutdownHook(stop);
        long stuck = 0;
        while (!child.waitFor(1, TimeUnit.SECONDS)) {
            Optional<RunMarker.State> s = marker.read();
            long quiet =
                    s.map(x -> System.currentTimeMillis() - x.updatedMillis()).orElse(0L);
            if (s.isPresent() && s.get().bounded() && !s.get().finished() && quiet > Bounds.STUCK_SECONDS * 1000L) {
                stuck = quiet / 1000;
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly().waitFor();
            }
        }
        Runtime.getRuntime().removeShutdownHook(stop);
        int code = child.exitValue();
        Optional<RunMarker.State> last = marker.read();
        if (stuck == 0 && (last.isEmpty() || last.get().finished())) {
            marker.delete();
            return code; // it ended normally (or never started: its own error is above)
        }
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        String sentence = Death.sentence(code, last, stuck);
        String[] idTitle = KataProgress.idAndTitle(kataDir);
        String kata = "kata " + idTitle[0] + " " + idTitle[1];
        Map<String, String> hashes = Sources.allHashes(Path.of(need(a, "sources")));
        switch (mode) {
            case LEARNER -> {
                Death.record(KataProgress.load(kataDir), last, sentence).save(kataDir, hashes);
                System.out.println("  " + kata + ": " + sentence);
                System.out.println("    The tests after it did not run; the board shows what ran before.");
            }
            case RECORD -> {
                Path progress = Path.of(need(a, "progress"));
                Death.record(KataProgress.loadFrom(progress, kataDir), last, sentence)
                        .saveTo(progress, hashes);
                System.out.println("  " + kata + ": " + sentence);
            }
            default -> System.out.println("  KATA RUN FAILED: " + kata + ": " + sentence);
        }
        System.out.flush();
        marker.delete();
        return mode.learnerLike() ? 0 : 1;
    }

    private static void run(Map<String, String> a, Mode mode, RunMarker marker) throws Exception {
        Path kataDir = Path.of(need(a, "kata"));
        KataFiles files = new KataFiles(
                kataDir,
                Path.of(need(a, "sources")),
                Path.of(need(a, "classes")),
                Path.of(need(a, "test-classes")),
                KataFiles.split(need(a, "classpath")));
        if (mode == Mode.LEARNER || mode == Mode.PREPARE) {
            files.saveClasspath();
        }
        if (mode == Mode.PREPARE) {
            return;
        }
        // A test JVM whose supervisor is gone (killed with the build) ends too, rather than run on unseen.
        ProcessHandle.current()
                .parent()
                .ifPresent(parent ->
                        parent.onExit().thenRun(() -> Runtime.getRuntime().halt(143)));
        String proofs = a.getOrDefault("proofs", "skip");
        Selection selection = Selection.parse(a.getOrDefault("test", ""));
        Pattern classes = Pattern.compile(a.getOrDefault("tests-regex", ".*"));
        Predicate<Runner.Unit> pick = switch (mode) {
            case LEARNER ->
                u -> (u.proof() ? !proofs.equals("skip") : !proofs.equals("only"))
                        && selection.picks(u.stepClass(), u.method());
            case INTEGRITY -> u -> !u.proof();
            case SOLUTION -> u -> selection.picks(u.stepClass(), u.method());
            default -> u -> !u.proof() && classes.matcher(u.stepClass()).matches();
        };
        Path reports = a.containsKey("reports") ? Path.of(a.get("reports")) : null;
        Path log = mode == Mode.SOLUTION || mode == Mode.RECORD
                ? files.learnerClasses().getParent().resolve("kata-output.log")
                : kataDir.resolve("target/kata-output.log");
        Files.createDirectories(log.getParent());
        System.setProperty(
                "katas.kata", "katas/" + kataDir.toAbsolutePath().normalize().getFileName());
        int exit;
        try (PrintStream output = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            // Maintainers see everything; a learner who asked for the race proofs sees their verdicts as they come.
            boolean show = mode == Mode.SOLUTION || (mode == Mode.LEARNER && !proofs.equals("skip"));
            PrintStream capture = show ? tee(output, System.out) : output;
            exit = mode.learnerLike()
                    ? learnerLike(a, mode, marker, files, pick, reports, capture, selection, log)
                    : maintainers(mode, marker, files, pick, reports, capture);
        }
        marker.finish();
        System.out.flush();
        System.exit(exit);
    }

    /** A learner's run or the known-wrong check's: one {@link Cycle}, its progress saved as it goes. */
    private static int learnerLike(
            Map<String, String> a,
            Mode mode,
            RunMarker marker,
            KataFiles files,
            Predicate<Runner.Unit> pick,
            Path reports,
            PrintStream capture,
            Selection selection,
            Path log)
            throws Exception {
        Path kataDir = files.kataDir();
        KataProgress before = mode == Mode.LEARNER ? KataProgress.load(kataDir) : KataProgress.empty(kataDir);
        Cycle.Done done = Cycle.run(new Runner(), files, before, pick, null, reports, capture, marker, (p, hashes) -> {
            if (mode == Mode.LEARNER) {
                p.save(kataDir, hashes);
            } else {
                p.saveTo(Path.of(need(a, "progress")), hashes);
            }
        });
        if (mode == Mode.LEARNER) {
            Report.learner(
                    System.out,
                    done.progress(),
                    done.plan(),
                    done.run().outcomes(),
                    files,
                    done.seconds(),
                    selection,
                    log,
                    kataDir);
        } else {
            System.out.printf(
                    "recorded %d tests in %.1f s%n", done.run().outcomes().size(), done.seconds());
        }
        return 0;
    }

    /** The maintainers' runs (integrity on the stubs, the reference solution): unbounded; exit 1 if they fail. */
    private static int maintainers(
            Mode mode,
            RunMarker marker,
            KataFiles files,
            Predicate<Runner.Unit> pick,
            Path reports,
            PrintStream capture)
            throws Exception {
        Runner runner = new Runner();
        Runner.Plan plan;
        try (URLClassLoader loader = files.loader()) {
            plan = runner.discover(loader, files.testClasses());
        }
        marker.start(false);
        Steps.Watcher watcher = new Steps.Watcher() {
            @Override
            public void started(Runner.Unit unit) {
                marker.started(false, unit.stepTitle(), unit.name(), unit.id());
            }

            @Override
            public void finished(Runner.Unit unit, Runner.Outcome outcome) {
                marker.ended(false, unit.stepTitle(), unit.name(), unit.id());
            }
        };
        long start = System.nanoTime();
        Steps.Result run = Steps.run(runner, files, plan, pick, null, reports, capture, Bounds.off(), watcher);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, String> hashes = Sources.allHashes(files.learnerSources());
        KataProgress progress =
                Merge.merge(KataProgress.empty(files.kataDir()), plan, run.outcomes(), run::usedBy, hashes);
        if (mode == Mode.INTEGRITY) {
            return Integrity.check(System.out, progress, plan, STUB_SECONDS) ? 0 : 1;
        }
        // The known-wrong check reads which learner files each step loaded from here.
        progress.saveTo(files.learnerClasses().getParent().resolve(SOLUTION_PROGRESS), hashes);
        return Report.solution(System.out, progress, plan, run.outcomes(), files, seconds) ? 0 : 1;
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
