package katas.kit;

import java.util.Locale;

/**
 * Text from a peer or a learner made fit to quote in a message, a log or a board: every character that could
 * hide or disguise something is escaped, and long text is cut, saying how much was left out. The kit's one way to
 * do it. Stateless and thread-safe.
 */
public final class Printable {

    private Printable() {}

    /**
     * {@code text} with every control character (ESC, CR, LF, BEL, DEL, the C1 controls), invisible formatting
     * character (a right-to-left override, a zero-width space), line or paragraph separator, lone surrogate,
     * unassigned code point and U+FFFD (what bytes that are not UTF-8 decode to) shown as an escape: {@code \n},
     * {@code \r}, {@code \t}, else {@code \\u001b} (or {@code \\U01f600} past U+FFFF). So it cannot move a cursor,
     * clear a screen, ring a bell or forge a line of a log. Cut to at most {@code maxChars} characters (escapes
     * included), then a note of how many characters were left out. Null is shown as {@code null}.
     *
     * @throws IllegalArgumentException if {@code maxChars} is less than 1
     */
    public static String of(String text, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be 1 or more, got " + maxChars);
        }
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 48);
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            String shown = shown(c);
            if (out.length() + shown.length() > maxChars) {
                break;
            }
            out.append(shown);
            i += Character.charCount(c);
        }
        if (i < text.length()) {
            out.append(String.format(
                    Locale.ROOT, "... (%,d more characters not shown, of %,d)", text.length() - i, text.length()));
        }
        return out.toString();
    }

    /** Whether {@link #of} would show {@code text} as it is (nothing escaped; null is not plain). */
    public static boolean isPlain(String text) {
        if (text == null) {
            return false;
        }
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (hidden(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static String shown(int c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (hidden(c)) {
            return c <= 0xffff ? String.format(Locale.ROOT, "\\u%04x", c) : String.format(Locale.ROOT, "\\U%06x", c);
        }
        return new String(Character.toChars(c));
    }

    private static boolean hidden(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED
                || c == 0xFFFD;
    }
}
