package katas.testkit.explore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jetbrains.lincheck.Lincheck;

/**
 * Explores the interleavings of a small concurrent scenario with a model checker (Lincheck), so that an atomicity
 * check decides without luck and can show which thread ran which line of the learner's code. A model checker can be
 * blind without saying so, so {@link #explore} first explores a <em>canary</em> (a known racy subject, run exactly
 * the way the learner's scenario runs) and returns {@link Verdict.Blind} if it was not caught; the caller then falls
 * back to its stress checks. Run it in a child JVM of its own ({@link #main(String, Runnable, Runnable, int,
 * PrintStream)}, {@link Verdict#parse}), one exploration at a time. Why: docs/measurements.md, "Design notes".
 */
public final class Explorer {

    /**
     * Interleavings to explore per scenario. Two threads that increment once each have a handful of schedules; the
     * model checker explores the distinct ones first and stops at the first failure, so a racy subject fails within
     * the first few, and a correct one costs this many runs: 100 cost a correct counter about 2 s less than 300 in
     * watch mode's warm explorer (issue 17), and every known-wrong version of kata 01 is still caught.
     */
    public static final int INVOCATIONS = 100;

    /** The sentence a blind explorer says, once, on the board and in the log. */
    public static final String BLIND = "The model checker (Lincheck) is blind on this JVM (Java %s): it did not catch"
            + " its canary, a known racy %s, so its verdict on your code would mean nothing. These checks fall back to"
            + " rounds under preemption noise, which need luck and time instead.";

    private static final String MARK = "katas.explorer.verdict=";

    /** The line after each answer of {@link #serve}. */
    static final String END = "katas.explorer.end";

    /** What {@link #serve} answers when the learner's class did not come from the copy it was given. */
    static final String STALE = "stale";

    private Explorer() {}

    /** What an exploration found. */
    public sealed interface Verdict {

        /** The canary was caught, and the learner's scenario failed: {@code trace} is the model checker's report. */
        record Caught(String trace) implements Verdict {}

        /** The canary was caught, and no explored interleaving of the learner's scenario failed. */
        record Passed(int invocations, long millis) implements Verdict {}

        /**
         * The canary was not caught (the explorer cannot be trusted here), or the exploration ran out of time;
         * {@code why} says which.
         */
        record Blind(String why) implements Verdict {

            /** Whether the model checker missed its canary: then it is blind for the whole JVM, not just slow. */
            public boolean canaryMissed() {
                return why.startsWith(BLIND.substring(0, BLIND.indexOf('%')));
            }
        }

        /** Reads the verdict a child JVM printed with {@link #main}; other lines (JVM warnings) are skipped. */
        public static Verdict parse(String stdout) {
            int at = stdout.indexOf(MARK);
            if (at < 0) {
                throw new IllegalStateException("the explorer's child JVM printed no verdict: " + stdout.strip());
            }
            String rest = stdout.substring(at + MARK.length());
            int eol = rest.indexOf('\n');
            String kind = (eol < 0 ? rest : rest.substring(0, eol)).strip();
            String body = eol < 0 ? "" : rest.substring(eol + 1);
            return switch (kind) {
                case "caught" -> new Caught(body);
                case "blind" -> new Blind(body.strip());
                default -> {
                    String[] parts = kind.split(" ");
                    yield new Passed(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
                }
            };
        }
    }

    /**
     * Explores {@code canary}, then, if it was caught, {@code subject}, each for at most {@code invocations}
     * interleavings. Each scenario runs its threads itself and throws (an {@code AssertionError}) when the outcome
     * is wrong; the model checker reports the interleaving that made it throw.
     *
     * @param canaryName what the canary's subject is, for the {@link #BLIND} sentence
     */
    public static Verdict explore(String canaryName, Runnable canary, Runnable subject, int invocations) {
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(subject, "subject");
        if (invocations < 1) {
            throw new IllegalArgumentException("invocations must be 1 or more, got " + invocations);
        }
        if (run(canary, invocations) == null) {
            return new Verdict.Blind(String.format(BLIND, Runtime.version().feature(), canaryName));
        }
        long start = System.nanoTime();
        String trace = run(subject, invocations);
        return trace == null
                ? new Verdict.Passed(invocations, (System.nanoTime() - start) / 1_000_000)
                : new Verdict.Caught(trace);
    }

    /** The model checker's report of the first failing interleaving, or null when none failed. */
    private static String run(Runnable scenario, int invocations) {
        try {
            Lincheck.runConcurrentTest(invocations, scenario);
            return null;
        } catch (AssertionError e) { // LincheckAssertionError: the interleaving and what it threw
            return detailed(String.valueOf(e.getMessage()));
        }
    }

    /** The report without its short table: what failed, then the detailed trace (each step with its file and line). */
    static String detailed(String report) {
        int table = report.indexOf("\n| -");
        int detailed = report.indexOf("Detailed trace");
        return table < 0 || detailed < table ? report : report.substring(0, table + 1) + report.substring(detailed);
    }

    /**
     * For a child JVM's {@code main}: explores (see {@link #explore}) and prints the verdict on {@code out} for
     * {@link Verdict#parse}.
     */
    public static void main(String canaryName, Runnable canary, Runnable subject, int invocations, PrintStream out) {
        Verdict v = explore(canaryName, canary, subject, invocations);
        out.println();
        if (v instanceof Verdict.Caught c) {
            out.println(MARK + "caught");
            out.println(c.trace());
        } else if (v instanceof Verdict.Blind b) {
            out.println(MARK + "blind");
            out.println(b.why());
        } else {
            Verdict.Passed p = (Verdict.Passed) v;
            out.println(MARK + "passed " + p.invocations() + " " + p.millis());
        }
        out.flush();
    }

    /**
     * For a warm child JVM's {@code main} ({@link ExplorerJvm}, watch mode): explores the canary once, and the
     * correct {@code warmUp} scenario (so that the first answer does not wait for the JIT), then answers
     * each line {@code explore <subject>} on {@code in} with the verdict on {@code scenarioOf.apply(subject)}, printed
     * as {@link #main} prints it, and a line {@value #END}, until {@code in} ends. The model checker keeps what it
     * instrumented by class name, so a subject is explored at most once per JVM. After each exploration the class
     * {@code learnerClassOf.apply(subject)} must have been loaded from {@code classes} (where the parent copied the
     * learner's classes): else the answer is {@value #STALE}, and the parent explores in a new child instead.
     */
    public static void serve(
            String canaryName,
            Runnable canary,
            Runnable warmUp,
            Function<String, Runnable> scenarioOf,
            Function<String, String> learnerClassOf,
            int invocations,
            Path classes,
            BufferedReader in,
            PrintStream out)
            throws IOException {
        boolean sighted = run(canary, invocations) != null;
        if (sighted) { // a correct scenario, explored as a learner's is: the model checker's code gets compiled now
            String failed = run(warmUp, invocations);
            if (failed != null) {
                System.err.println("the warm-up scenario failed (it is meant to be correct): " + failed);
            }
        }
        Set<String> served = new HashSet<>();
        for (String line; (line = in.readLine()) != null; ) {
            String subject = line.startsWith("explore ")
                    ? line.substring("explore ".length()).strip()
                    : "";
            out.println();
            if (subject.isEmpty() || !served.add(subject)) {
                out.println(MARK + STALE);
                out.println("not a request, or a subject explored before: " + katas.kit.Printable.of(line, 80));
            } else if (!sighted) {
                out.println(MARK + "blind");
                out.println(String.format(BLIND, Runtime.version().feature(), canaryName));
            } else {
                long start = System.nanoTime();
                String trace = run(scenarioOf.apply(subject), invocations);
                String from = loadedFrom(learnerClassOf.apply(subject));
                if (!from.equals(classes.toAbsolutePath().normalize().toString())) {
                    out.println(MARK + STALE);
                    out.println(learnerClassOf.apply(subject) + " came from " + from + ", not " + classes);
                } else if (trace == null) {
                    out.println(MARK + "passed " + invocations + " " + (System.nanoTime() - start) / 1_000_000);
                } else {
                    out.println(MARK + "caught");
                    out.println(trace);
                }
            }
            out.println(END);
            out.flush();
        }
    }

    /** Whether an answer of {@link #serve} says its learner's class was stale. */
    static boolean isStale(String answer) {
        return answer.contains(MARK + STALE);
    }

    /** Where this JVM loaded (or now loads) {@code className} from: a directory or jar, or what went wrong. */
    private static String loadedFrom(String className) {
        try {
            Class<?> c = Class.forName(className, false, ClassLoader.getSystemClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath()
                    .normalize()
                    .toString();
        } catch (ClassNotFoundException | URISyntaxException | RuntimeException | LinkageError e) {
            return "(not loaded: " + e + ")";
        }
    }

    /** The overload {@link #main(String, Runnable, Runnable, int, PrintStream)} with {@link #INVOCATIONS}. */
    public static void main(String canaryName, Runnable canary, Runnable subject, PrintStream out) {
        main(canaryName, canary, subject, INVOCATIONS, out);
    }
}
