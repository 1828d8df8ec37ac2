package katas.loop.progress;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One kata's progress, kept in {@code katas/NN-name/target/kata-progress.properties} ({@link #FILE}; format:
 * docs/progress-file.md). Every run updates it, keeping other steps' last results; the board reads it.
 *
 * @param id        the kata's number, e.g. {@code 01}
 * @param title     the kata's name in words, e.g. {@code racy counter}
 * @param directory the kata's folder relative to the repository root, e.g. {@code katas/01-racy-counter}
 * @param steps     every step, in order, with its tests' last results
 * @param proofs    the race proofs (jcstress) with their last results; not steps
 * @param updated   when the file was last written (ISO-8601), or empty
 * @param died      why the last run's test JVM died before the run ended, in one sentence; else empty
 */
public record KataProgress(
        String id,
        String title,
        String directory,
        List<StepProgress> steps,
        List<StepProgress.Test> proofs,
        String updated,
        String died) {

    /** Where a kata keeps its progress, relative to the kata's folder. */
    public static final String FILE = "target/kata-progress.properties";

    /**
     * The format version written in the file. 3 added each test's {@code kind} and {@code telling} (the board ranks a
     * step's failures from the file alone), a reason in {@code message} for a test that is {@code NOT_RUN}, and
     * {@code died}; a file of format 2 still reads (a failure's kind is then read from its message).
     */
    public static final int FORMAT = 3;

    public KataProgress {
        steps = List.copyOf(steps);
        proofs = List.copyOf(proofs);
        updated = updated == null ? "" : updated;
        died = died == null ? "" : died;
    }

    public KataProgress(
            String id,
            String title,
            String directory,
            List<StepProgress> steps,
            List<StepProgress.Test> proofs,
            String updated) {
        this(id, title, directory, steps, proofs, updated, "");
    }

    /** The same progress, with {@code died} saying how the last run's test JVM died (empty: it did not). */
    public KataProgress withDied(String sentence) {
        return new KataProgress(id, title, directory, steps, proofs, updated, sentence);
    }

    /** A kata with no progress yet. */
    public static KataProgress empty(Path kataDir) {
        String[] idTitle = idAndTitle(kataDir);
        return new KataProgress(idTitle[0], idTitle[1], "katas/" + kataDir.getFileName(), List.of(), List.of(), "");
    }

    /** The step states, in order, judged against the learner's files as they are now. */
    public List<StepState> states(Map<String, String> currentHashes) {
        return steps.stream().map(s -> s.state(currentHashes)).toList();
    }

    public int done(Map<String, String> currentHashes) {
        return (int)
                states(currentHashes).stream().filter(s -> s == StepState.DONE).count();
    }

    public boolean complete(Map<String, String> currentHashes) {
        return !steps.isEmpty() && done(currentHashes) == steps.size();
    }

    /**
     * The step to work on: the first that ran and did not pass (a failure first, then a stub); else the first that
     * is not done.
     */
    public Optional<StepProgress> next(Map<String, String> currentHashes) {
        for (StepProgress s : steps) {
            StepState st = s.state(currentHashes);
            if (st == StepState.FAILING || st == StepState.TODO) {
                return Optional.of(s);
            }
        }
        return steps.stream()
                .filter(s -> s.state(currentHashes) != StepState.DONE)
                .findFirst();
    }

    /** Reads the progress file of the kata in {@code kataDir}; {@link #empty} when there is none. */
    public static KataProgress load(Path kataDir) {
        return loadFrom(kataDir.resolve(FILE), kataDir);
    }

    /** Reads a progress file written by {@link #saveTo}; {@link #empty} when there is none. */
    public static KataProgress loadFrom(Path file, Path kataDir) {
        if (!Files.isRegularFile(file)) {
            return empty(kataDir);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the progress file " + file, e);
        }
        try {
            return parse(p, kataDir);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the progress file " + file + " is broken (" + e.getMessage()
                            + "): delete it and run the kata's tests again",
                    e);
        }
    }

    static KataProgress parse(Properties p, Path kataDir) {
        KataProgress blank = empty(kataDir);
        String format = p.getProperty("format");
        if (!String.valueOf(FORMAT).equals(format) && !"2".equals(format)) {
            return blank; // an older format: start afresh rather than misread it
        }
        List<StepProgress> steps = new ArrayList<>();
        int n = Integer.parseInt(required(p, "steps"));
        for (int i = 1; i <= n; i++) {
            String k = "step." + i + ".";
            Map<String, String> sources = new TreeMap<>();
            String list = p.getProperty(k + "sources", "");
            for (String entry : list.isBlank() ? new String[0] : list.split(",")) {
                int eq = entry.lastIndexOf('=');
                sources.put(
                        entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
            }
            steps.add(new StepProgress(
                    Integer.parseInt(required(p, k + "number")),
                    required(p, k + "class"),
                    required(p, k + "title"),
                    tests(p, k),
                    sources,
                    p.getProperty(k + "last.run", "")));
        }
        return new KataProgress(
                p.getProperty("kata", blank.id()),
                p.getProperty("title", blank.title()),
                p.getProperty("directory", blank.directory()),
                steps,
                tests(p, "proofs."),
                p.getProperty("updated", ""),
                p.getProperty("died", ""));
    }

    private static List<StepProgress.Test> tests(Properties p, String prefix) {
        List<StepProgress.Test> tests = new ArrayList<>();
        int n = Integer.parseInt(p.getProperty(prefix + "tests", "0"));
        for (int j = 1; j <= n; j++) {
            String t = prefix + "test." + j + ".";
            String status = p.getProperty(t + "status", "");
            String kind = p.getProperty(t + "kind", "");
            boolean notRun = status.isEmpty() || status.equals("NOT_RUN");
            Optional<TestResult> result = notRun
                    ? Optional.empty()
                    : Optional.of(new TestResult(
                            TestResult.Status.valueOf(status),
                            p.getProperty(t + "message", ""),
                            Long.parseLong(p.getProperty(t + "millis", "0")),
                            kind.isEmpty() ? null : TestResult.Kind.valueOf(kind)));
            tests.add(new StepProgress.Test(
                    required(p, t + "id"),
                    p.getProperty(t + "name", ""),
                    result,
                    Boolean.parseBoolean(p.getProperty(t + "telling", "false")),
                    notRun ? p.getProperty(t + "message", "") : ""));
        }
        return tests;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing key " + key);
        }
        return v;
    }

    /**
     * Writes this progress to the kata's progress file, atomically (a reader never sees half a file).
     *
     * @param currentHashes the learner files' hashes now, to write each step's state as it stands
     */
    public void save(Path kataDir, Map<String, String> currentHashes) {
        saveTo(kataDir.resolve(FILE), currentHashes);
    }

    /** Like {@link #save}, to another file (the known-wrong check keeps one per wrong version). */
    public void saveTo(Path file, Map<String, String> currentHashes) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("format", String.valueOf(FORMAT));
        p.put("kata", id);
        p.put("title", title);
        p.put("directory", directory);
        p.put("updated", updated);
        p.put("died", died);
        p.put("steps", String.valueOf(steps.size()));
        p.put("steps.done", String.valueOf(done(currentHashes)));
        p.put("complete", String.valueOf(complete(currentHashes)));
        for (int i = 0; i < steps.size(); i++) {
            StepProgress s = steps.get(i);
            String k = "step." + (i + 1) + ".";
            p.put(k + "number", String.valueOf(s.number()));
            p.put(k + "title", s.title());
            p.put(k + "class", s.className());
            p.put(k + "state", s.state(currentHashes).name());
            p.put(k + "passed", String.valueOf(s.passed()));
            p.put(k + "last.run", s.lastRun());
            p.put(k + "failure", s.firstFailure());
            p.put(
                    k + "sources",
                    String.join(
                            ",",
                            s.sources().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .sorted()
                                    .toList()));
            putTests(p, k, s.tests());
        }
        putTests(p, "proofs.", proofs);
        write(file, p);
    }

    private static void putTests(Map<String, String> p, String prefix, List<StepProgress.Test> tests) {
        p.put(prefix + "tests", String.valueOf(tests.size()));
        for (int j = 0; j < tests.size(); j++) {
            StepProgress.Test t = tests.get(j);
            String k = prefix + "test." + (j + 1) + ".";
            p.put(k + "name", t.name());
            p.put(k + "status", t.result().map(r -> r.status().name()).orElse("NOT_RUN"));
            p.put(k + "message", t.result().map(TestResult::message).orElse(t.notRun()));
            p.put(k + "kind", t.result().map(r -> r.kind().name()).orElse(TestResult.Kind.NONE.name()));
            p.put(k + "telling", String.valueOf(t.telling()));
            p.put(
                    k + "millis",
                    String.valueOf(t.result().map(TestResult::millis).orElse(0L)));
            p.put(k + "id", t.id());
        }
    }

    private void write(Path file, Map<String, String> entries) {
        // Properties sorts nothing and escapes everything it must; keep our key order for a human reader.
        StringBuilder text = new StringBuilder();
        text.append("# Progress of kata ")
                .append(id)
                .append(" (")
                .append(title)
                .append(").\n")
                .append("# Written by every run of the kata's tests (Maven, watch mode); read by the board, CI and\n")
                .append("# the instructor's commands. Format: docs/progress-file.md.\n");
        entries.forEach((k, v) -> {
            Properties one = new Properties();
            one.setProperty(k, v);
            StringWriter w = new StringWriter();
            try {
                one.store(w, null);
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible);
            }
            w.toString()
                    .lines()
                    .filter(l -> !l.startsWith("#"))
                    .forEach(l -> text.append(l).append('\n'));
        });
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(
                    file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the progress file " + file, e);
        }
    }

    /** {@code katas/01-racy-counter} gives id {@code 01} and title {@code racy counter}. */
    public static String[] idAndTitle(Path kataDirectory) {
        String name = kataDirectory.toAbsolutePath().normalize().getFileName().toString();
        int dash = name.indexOf('-');
        return dash < 0
                ? new String[] {name, name}
                : new String[] {
                    name.substring(0, dash), name.substring(dash + 1).replace('-', ' ')
                };
    }
}
