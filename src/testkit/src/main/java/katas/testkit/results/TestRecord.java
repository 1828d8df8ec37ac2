package katas.testkit.results;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened to one test of a kata, as the results listener saw it.
 *
 * @param step       the step number ({@code 0} when the test class is not a {@link katas.testkit.Step})
 * @param stepClass  the fully qualified name of the step's test class
 * @param stepTitle  the step's display name
 * @param hint       the step's first hint
 * @param test       the test's display name
 * @param status     what happened
 * @param millis     how long it ran
 * @param todo       whether it failed because a stub is not written yet
 * @param message    the failure, one line (empty when it passed)
 */
public record TestRecord(int step, String stepClass, String stepTitle, String hint, String test,
        Status status, long millis, boolean todo, String message) {

    /** What happened to a test. */
    public enum Status { PASSED, FAILED, ABORTED, SKIPPED }

    /** One line of the results file: tab-separated, with tabs, newlines and backslashes escaped. */
    public String toLine() {
        return String.join("\t", String.valueOf(step), escape(stepClass), escape(stepTitle), escape(hint),
                escape(test), status.name(), String.valueOf(millis), String.valueOf(todo), escape(message));
    }

    /** Parses what {@link #toLine()} wrote. */
    public static TestRecord parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 9) {
            throw new IllegalArgumentException("Broken line in a kata results file (expected 9 fields, got "
                    + f.length + "): " + line);
        }
        return new TestRecord(Integer.parseInt(f[0]), unescape(f[1]), unescape(f[2]), unescape(f[3]),
                unescape(f[4]), Status.valueOf(f[5]), Long.parseLong(f[6]), Boolean.parseBoolean(f[7]),
                unescape(f[8]));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Splits a long text into lines of at most {@code width} characters, at spaces where it can. */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n")) {
            String rest = paragraph.strip();
            while (rest.length() > width) {
                int cut = rest.lastIndexOf(' ', width);
                if (cut <= 0) {
                    cut = width;
                }
                lines.add(rest.substring(0, cut).strip());
                rest = rest.substring(cut).strip();
            }
            lines.add(rest);
        }
        return lines;
    }
}
