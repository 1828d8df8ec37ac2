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
 * @param others   the cores other processes used, on average, while this row ran; negative when unknown
 * @param scale    1 for a row run at the full workload; N for a row run at 1/N of it, whose wall and CPU are its
 *                 measured times multiplied by N (and whose total and expected are those of the smaller run)
 */
public record Row(
        String approach,
        String language,
        String kata,
        long expected,
        long total,
        double wall,
        double cpu,
        String note,
        double others,
        int scale) {

    public Row(
            String approach,
            String language,
            String kata,
            long expected,
            long total,
            double wall,
            double cpu,
            String note) {
        this(approach, language, kata, expected, total, wall, cpu, note, -1, 1);
    }

    /** This row, with what other processes used while it ran. */
    public Row withOthers(double cores) {
        return new Row(approach, language, kata, expected, total, wall, cpu, note, cores, scale);
    }

    /** Whether other processes used more than half a core while this row ran: its wall time is not the machine's. */
    public boolean busy() {
        return others > Beside.BUSY_CORES;
    }

    /** {@code 0.03}, or {@code ?} when unknown. */
    public String othersText() {
        return others < 0 ? "?" : String.format(Locale.ROOT, "%.2f", others);
    }

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

    /** {@code 1.23 s}; {@code ~25.1 s} for a scaled row; {@code -} when it did not run. */
    public String wallText() {
        return ran() ? String.format(Locale.ROOT, "%s%.2f s", scale > 1 ? "~" : "", wall) : "-";
    }

    public String cpuText() {
        return ran() && cpu >= 0 ? String.format(Locale.ROOT, "%s%.2f s", scale > 1 ? "~" : "", cpu) : "-";
    }
}
