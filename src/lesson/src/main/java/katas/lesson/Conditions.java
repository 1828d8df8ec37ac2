package katas.lesson;

import java.util.Locale;

/**
 * The conditions a run was measured in. A run is <em>busy</em> when the load before it was above the number of cores,
 * or other processes used more than {@value Beside#BUSY_CORES} of a core on average during it; every output says so.
 *
 * @param cores      the CPUs this JVM may use
 * @param loadBefore the 1-minute load average just before the first row; -1 if unknown
 * @param loadAfter  the same just after the last row (the lesson's own work raises it); -1 if unknown
 * @param others     what other processes used during the whole run
 */
record Conditions(int cores, double loadBefore, double loadAfter, Beside.Use others) {

    /** Conditions not measured (tests, or a system without /proc): neither busy nor idle. */
    static Conditions unknown(int cores) {
        return new Conditions(cores, -1, -1, Beside.Use.UNKNOWN);
    }

    boolean busy() {
        return loadBefore > cores || others.busy();
    }

    /** {@code BUSY} or {@code idle}, and why, in one line. */
    String line() {
        return verdict() + ": " + figures() + ".";
    }

    /** {@code BUSY: ...why the wall times are not the machine's} or {@code Idle enough}. */
    String verdict() {
        return busy()
                ? "BUSY: the machine was shared, so wall times are longer than on an idle machine and are not the"
                        + " lesson's numbers (CPU time is the fairer column)"
                : "Idle enough";
    }

    /** The load average before and after, the cores, and what other processes used, the heaviest named. */
    String figures() {
        String load = String.format(
                Locale.ROOT,
                "load average (1 min) %s before, %s after, on %d cores; other processes used %s cores on average",
                text(loadBefore),
                text(loadAfter),
                cores,
                others.coresText());
        String heavy = others.heaviestText();
        return heavy.isEmpty() ? load : load + " (" + heavy + ")";
    }

    private static String text(double load) {
        return load < 0 ? "?" : String.format(Locale.ROOT, "%.2f", load);
    }
}
