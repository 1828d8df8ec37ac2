package katas.kit.process;

import java.util.regex.Pattern;

/**
 * A child's standard error made short enough for a message without losing the reason ({@link #of}), and quoted
 * ({@link #quote}): what {@link ChildProcess} and its exceptions say about a child that failed. Stateless.
 */
final class StderrSummary {

    private StderrSummary() {}

    /** The longest a reason line may be in a {@link #of summary}. */
    private static final int REASON_LINE_CHARS = 400;
    /** The most reason lines a {@link #of summary} keeps. */
    private static final int REASON_LINES = 20;

    private static final Pattern REASON = Pattern.compile(
            "^(Exception in thread .*|Caused by: .*|\\s*Suppressed: .*|([\\w$]+\\.)+[\\w$]*(Exception|Error|Throwable)(: .*)?)$");

    /** {@link ChildProcess#stderrSummary}, of any text. */
    static String of(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        boolean[] keep = new boolean[lines.length];
        int used = 0;
        int reasons = 0;
        for (int i = 0; i < lines.length && reasons < REASON_LINES; i++) {
            if (REASON.matcher(lines[i]).matches()) {
                if (lines[i].length() > REASON_LINE_CHARS) {
                    lines[i] = lines[i].substring(0, REASON_LINE_CHARS) + "... ("
                            + (lines[i].length() - REASON_LINE_CHARS) + " more characters)";
                }
                keep[i] = true;
                used += lines[i].length() + 1;
                reasons++;
            }
        }
        for (int i = lines.length - 1; i >= 0; i--) {
            if (keep[i]) {
                continue;
            }
            if (used + lines[i].length() + 1 > maxChars) {
                break;
            }
            keep[i] = true;
            used += lines[i].length() + 1;
        }
        StringBuilder out = new StringBuilder();
        int skipped = 0;
        for (int i = 0; i < lines.length; i++) {
            if (!keep[i]) {
                skipped++;
                continue;
            }
            if (skipped > 0) {
                out.append("\t... (")
                        .append(skipped)
                        .append(skipped == 1 ? " line" : " lines")
                        .append(" left out)\n");
                skipped = 0;
            }
            out.append(lines[i]).append(i + 1 < lines.length ? "\n" : "");
        }
        if (skipped > 0) {
            out.append("\t... (")
                    .append(skipped)
                    .append(skipped == 1 ? " line" : " lines")
                    .append(" left out)");
        }
        return out.toString();
    }

    /** {@code tail} quoted for an exception's message, or a note that the child wrote nothing to standard error. */
    static String quote(String tail) {
        if (tail == null || tail.isBlank()) {
            return "; it wrote nothing to standard error";
        }
        return "; its standard error (what went wrong, and its end):\n----\n" + tail.stripTrailing() + "\n----";
    }
}
