package katas.loop.board;

import java.util.ArrayList;
import java.util.List;

/** Plain-text helpers for terminal output. */
public final class Text {

    /**
     * The first character of each line of a table in a failure's message (the schedule an explorer found, see the
     * testkit's {@code katas.testkit.explore.Trace}): such lines are kept as lines, not wrapped.
     */
    public static final String TABLE = "\u2502";

    /** A failure's table lines kept at most. */
    public static final int TABLE_LINES = 15;

    private Text() {}

    /** A failure's message without its table lines. */
    public static String withoutTable(String message) {
        return message.lines()
                .filter(l -> !l.startsWith(TABLE))
                .reduce((a, b) -> a + "\n" + b)
                .orElse("");
    }

    /** A failure's table lines (at most {@link #TABLE_LINES}), or none. */
    public static List<String> table(String message) {
        return message.lines()
                .filter(l -> l.startsWith(TABLE))
                .limit(TABLE_LINES)
                .toList();
    }

    /**
     * A table's header line with its words in the board's language (English words in the table: {@code your code},
     * {@code thread N}, {@code main}), each cell padded to its width as a terminal shows it.
     */
    public static String header(String line, String code, String thread, String main) {
        String[] cells = line.split(TABLE, -1);
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < cells.length; i++) {
            String cell = cells[i];
            String word = cell.strip()
                    .replace("your code", code)
                    .replace("thread ", thread + " ")
                    .replace("main", main);
            int width = cell.length() - 1;
            int shown = word.codePoints().map(c -> c >= 0x1100 ? 2 : 1).sum();
            b.append(TABLE).append(' ').append(word).append(" ".repeat(Math.max(1, width - shown)));
        }
        return b.toString().stripTrailing();
    }

    /** How many terminal columns a text takes: a Korean (or other wide) letter takes two. */
    public static int columns(String text) {
        return text.codePoints().map(c -> c >= 0x1100 ? 2 : 1).sum();
    }

    /** How many characters of {@code text} fit in {@code width} terminal columns. */
    private static int fit(String text, int width) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            used += c >= 0x1100 ? 2 : 1;
            if (used > width) {
                return i;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    /**
     * Splits a text into lines of at most {@code width} terminal columns (a Korean letter takes two), at spaces where
     * it can.
     */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n")) {
            String rest = paragraph.strip();
            while (columns(rest) > width) {
                int end = fit(rest, width);
                int cut = rest.lastIndexOf(' ', end);
                if (cut <= 0) {
                    cut = Math.max(1, end);
                }
                lines.add(rest.substring(0, cut).strip());
                rest = rest.substring(cut).strip();
            }
            lines.add(rest);
        }
        return lines;
    }

    /** The text, cut to at most {@code max} characters with " ..." when longer. */
    public static String cut(String text, int max) {
        return text.length() <= max
                ? text
                : text.substring(0, Math.max(0, max - 4)).strip() + " ...";
    }
}
