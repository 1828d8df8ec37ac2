package katas.loop.board;

import java.util.ArrayList;
import java.util.List;

/** Plain-text helpers for terminal output. */
public final class Text {

    private Text() {}

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
