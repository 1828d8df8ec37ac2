package katas.testkit.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schedule of the learner's own code in a model checker's report ({@link Explorer.Verdict.Caught}): the steps
 * that ran a line of one of the learner's files, in the order they ran, each with its thread and what it read or
 * wrote. {@link #table} makes the short table the board shows.
 *
 * @param threads the threads' names, one per column, in the report's order
 * @param steps   the learner's steps, in the order they ran
 */
public record Trace(List<String> threads, List<Trace.Row> steps) {

    /** The first character of every line of a {@link #table}: the board keeps such lines as they are. */
    public static final char BAR = '\u2502';

    /** Rows of the board's table at most (the whole trace goes to the log). */
    public static final int MAX_ROWS = 12;

    /** Characters at most of the code column and of a thread's cell, so that a row fits the board's 96 columns. */
    private static final int PLACE = 36;

    private static final int WHAT = 14;

    /**
     * One step of the learner's code.
     *
     * @param thread the column of the thread that ran it
     * @param file   the learner's source file, e.g. {@code NaiveCounter.java}
     * @param line   the line in it
     * @param what   what the step did, e.g. {@code value ➜ 0} (read 0) or {@code value = 1} (wrote 1)
     */
    public record Row(int thread, String file, int line, String what) {}

    private static final Pattern STEP = Pattern.compile("^(.*) at ([\\w$.<>]+)\\(([\\w$]+\\.java):(\\d+)\\)$");

    /** An object's name before a field or a call ({@code arg$1.}, {@code AtomicLong#1.}): the code column says it. */
    private static final Pattern OWNER = Pattern.compile("^(?:[\\w$]*[#$][\\w$#]*\\.)+");

    /**
     * Reads the learner's steps from the model checker's "Detailed trace" table: the rows that happened at a line of
     * one of {@code files} (simple file names, e.g. {@code NaiveCounter.java}).
     */
    public static Trace parse(String report, Set<String> files) {
        String[] lines = report.split("\\R");
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Detailed trace")) {
                start = i;
            }
        }
        if (start < 0 || start + 2 >= lines.length) {
            return new Trace(List.of(), List.of());
        }
        String header = lines[start + 2];
        List<Integer> bars = new ArrayList<>();
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) == '|') {
                bars.add(i);
            }
        }
        List<String> threads = new ArrayList<>();
        for (int c = 0; c + 1 < bars.size(); c++) {
            threads.add(header.substring(bars.get(c) + 1, bars.get(c + 1)).strip());
        }
        List<Row> steps = new ArrayList<>();
        for (int i = start + 4; i < lines.length && lines[i].startsWith("|"); i++) {
            String l = lines[i];
            for (int c = 0; c + 1 < bars.size(); c++) {
                if (bars.get(c + 1) > l.length()) {
                    break;
                }
                String cell = l.substring(bars.get(c) + 1, bars.get(c + 1)).strip();
                Matcher m = STEP.matcher(cell);
                if (m.matches() && files.contains(m.group(3))) {
                    String what = OWNER.matcher(m.group(1).strip()).replaceFirst("");
                    if (what.contains("<init>") || what.startsWith("loop(") || what.startsWith("<iteration")) {
                        continue; // making an object (no shared read or write yet); a loop's own markers
                    }
                    what = what.replace("MONITORENTER", "lock").replace("MONITOREXIT", "unlock");
                    steps.add(new Row(c, m.group(3), Integer.parseInt(m.group(4)), what));
                }
            }
        }
        return new Trace(threads, steps);
    }

    /** Whether the report showed no step of the learner's code (then only the log has it). */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * A system property naming a folder of changed learner files (flat, by file name) that stand in for those in the
     * sources folder: the known-wrong check runs a version's patched files from there, and its board must show their
     * lines, not the reference solution's.
     */
    public static final String CHANGED_SOURCES = "katas.sources.changed";

    static Path source(Path sources, String file) {
        String changed = System.getProperty(CHANGED_SOURCES, "");
        if (!changed.isBlank()) {
            Path stand = Path.of(changed).resolve(file);
            if (java.nio.file.Files.isRegularFile(stand)) {
                return stand;
            }
        }
        return sources.resolve(file);
    }

    /**
     * The board's table: a header, then one row per step (at most {@link #MAX_ROWS}): the learner's file and line
     * (only the line when every step is in one file, named in the header) and its code (read from {@code sources}, the folder of the learner's files; left out where it cannot be read),
     * then one column per thread that ran a step, with what the step read ({@code ➜}) or wrote ({@code =}) there.
     * Every line starts with {@link #BAR}.
     */
    public List<String> table(Path sources) {
        if (steps.isEmpty()) {
            return List.of();
        }
        Map<Integer, String> columns = new LinkedHashMap<>();
        steps.stream().map(Row::thread).distinct().sorted().forEach(t -> columns.put(t, name(t)));
        Map<String, List<String>> code = new HashMap<>();
        boolean oneFile = steps.stream().map(Row::file).distinct().count() == 1;
        List<String> places = new ArrayList<>();
        for (Row r : steps) {
            List<String> lines = code.computeIfAbsent(r.file(), f -> read(source(sources, f)));
            String text = r.line() >= 1 && r.line() <= lines.size() ? lines.get(r.line() - 1) : "";
            int comment = text.indexOf("//");
            text = (comment >= 0 ? text.substring(0, comment) : text).strip();
            String where = oneFile ? String.format("%3d", r.line()) : r.file() + ":" + r.line();
            places.add(cut(where + "  " + text, PLACE));
        }
        String codeHeader = oneFile ? "your code: " + steps.get(0).file() : "your code";
        int placeWidth = Math.max(
                codeHeader.length(),
                places.stream().mapToInt(String::length).max().orElse(0));
        Map<Integer, Integer> widths = new HashMap<>();
        for (Map.Entry<Integer, String> c : columns.entrySet()) {
            int w = c.getValue().length();
            for (Row r : steps) {
                if (r.thread() == c.getKey()) {
                    w = Math.max(w, cut(r.what(), WHAT).length());
                }
            }
            widths.put(c.getKey(), w);
        }
        List<String> out = new ArrayList<>();
        StringBuilder head = new StringBuilder().append(BAR).append(' ').append(pad(codeHeader, placeWidth));
        columns.forEach((t, n) -> head.append(" ").append(BAR).append(' ').append(pad(n, widths.get(t))));
        out.add(head.toString().stripTrailing());
        int shown = Math.min(steps.size(), MAX_ROWS);
        for (int i = 0; i < shown; i++) {
            Row r = steps.get(i);
            StringBuilder b = new StringBuilder().append(BAR).append(' ').append(pad(places.get(i), placeWidth));
            for (Map.Entry<Integer, String> c : columns.entrySet()) {
                String cell = c.getKey() == r.thread() ? cut(r.what(), WHAT) : "";
                b.append(" ").append(BAR).append(' ').append(pad(cell, widths.get(c.getKey())));
            }
            out.add(b.toString().stripTrailing());
        }
        if (steps.size() > shown) {
            out.add(BAR + " ... " + (steps.size() - shown) + " more steps: target/kata-output.log has them all");
        }
        return out;
    }

    /** A thread's column name: "thread 1", "thread 2", "main" (the thread that started the others). */
    private String name(int column) {
        String n = column < threads.size() ? threads.get(column) : "";
        if (n.isEmpty() || n.toLowerCase(java.util.Locale.ROOT).startsWith("main")) {
            return "main";
        }
        return n.toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** The learner's files among {@code names}: a small helper for callers that know their learner classes. */
    public static Set<String> files(String... simpleClassNames) {
        Set<String> files = new java.util.TreeSet<>();
        for (String n : simpleClassNames) {
            files.add(n + ".java");
        }
        return files;
    }
}
