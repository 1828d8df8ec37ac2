package katas.lesson;

import java.util.Locale;

/**
 * One approach's result, or why there is none.
 *
 * @param approach what was run, e.g. {@code threads, AtomicLong}
 * @param language {@code Java} or {@code Python}
 * @param kata     the kata that teaches it, e.g. {@code 01}; empty for the lesson's own programs
 * @param expected the right total
 * @param total    the total it printed; -1 when it did not run
 * @param wall     wall-clock seconds
 * @param cpu      CPU seconds, its child processes included; negative when unknown
 * @param note     why it is wrong, missing or surprising; may be empty
 */
public record Row(
        String approach,
        String language,
        String kata,
        long expected,
        long total,
        double wall,
        double cpu,
        String note) {

    public static Row missing(String approach, String language, String kata, long expected, String why) {
        return new Row(approach, language, kata, expected, -1, -1, -1, why);
    }

    public boolean ran() {
        return total >= 0;
    }

    public boolean correct() {
        return total == expected;
    }

    public long lost() {
        return expected - total;
    }

    /** {@code 100,000,000} or {@code missing}. */
    public String totalText() {
        return ran() ? String.format(Locale.ROOT, "%,d", total) : "missing";
    }

    public String verdict() {
        if (!ran()) {
            return "-";
        }
        return correct() ? "right" : String.format(Locale.ROOT, "WRONG: %,d lost", lost());
    }

    public String wallText() {
        return ran() ? String.format(Locale.ROOT, "%.2f s", wall) : "-";
    }

    public String cpuText() {
        return ran() && cpu >= 0 ? String.format(Locale.ROOT, "%.2f s", cpu) : "-";
    }
}
