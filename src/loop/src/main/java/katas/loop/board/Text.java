package katas.loop.board;

import java.util.ArrayList;
import java.util.List;

/** Plain-text helpers for terminal output. */
public final class Text {

    private Text() {}

    /** Splits a text into lines of at most {@code width} characters, at spaces where it can. */
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

    /** The text, cut to at most {@code max} characters with " ..." when longer. */
    public static String cut(String text, int max) {
        return text.length() <= max
                ? text
                : text.substring(0, Math.max(0, max - 4)).strip() + " ...";
    }
}
