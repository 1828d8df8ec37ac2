package katas.lesson;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What else ran on the machine while the lesson measured: the load average and the CPU time of every process that is
 * not the lesson's own (neither this JVM, nor its children, nor the Maven and launcher JVMs that started it). A wall
 * time means little when other programs shared the cores; this says how much they took, so that a busy run is
 * labelled busy. Linux only ({@code /proc}); elsewhere the figures are unknown and say so.
 *
 * <p>Concurrency: one thread.
 */
final class Beside {

    /** Linux's USER_HZ: the unit of /proc's times. */
    private static final double TICKS_PER_SECOND = 100;

    /** Other processes' average use, in cores, above which a row or a run counts as busy. */
    static final double BUSY_CORES = 0.5;

    /** The shortest window the average is taken over (see {@link #between}). */
    private static final double MIN_WINDOW_SECONDS = 0.5;

    private final long self = ProcessHandle.current().pid();
    private final Set<Long> ancestors = new HashSet<>();

    Beside() {
        for (ProcessHandle p = ProcessHandle.current().parent().orElse(null);
                p != null;
                p = p.parent().orElse(null)) {
            ancestors.add(p.pid());
        }
    }

    /** The CPU ticks of every process, and when they were read. */
    record Snapshot(long nanos, Map<Long, Long> ticks, Map<Long, String> names) {}

    /** A process other than the lesson's, with the CPU it used between two snapshots. */
    record Other(long pid, String name, double seconds) {}

    /** What other processes used between two snapshots: their average cores, and the heaviest of them. */
    record Use(double cores, List<Other> heaviest) {
        static final Use UNKNOWN = new Use(-1, List.of());

        boolean busy() {
            return cores > BUSY_CORES;
        }

        /** {@code 0.03} cores, or {@code ?} when unknown. */
        String coresText() {
            return cores < 0 ? "?" : String.format(Locale.ROOT, "%.2f", cores);
        }

        /** {@code java (pid 123) 4.1 s CPU, mvn (pid 456) 2.0 s CPU}, the heaviest first; empty when none. */
        String heaviestText() {
            StringBuilder b = new StringBuilder();
            for (Other o : heaviest) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(String.format(Locale.ROOT, "%s (pid %d) %.1f s CPU", o.name(), o.pid(), o.seconds()));
            }
            return b.toString();
        }
    }

    /** The 1-minute load average, or -1 if unknown. */
    static double load1() {
        try {
            String avg = Files.readString(Path.of("/proc/loadavg"));
            return Double.parseDouble(avg.substring(0, avg.indexOf(' ')));
        } catch (IOException | RuntimeException unknown) {
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage();
            return load < 0 ? -1 : load;
        }
    }

    /** Every process's CPU ticks now; empty without /proc. */
    Snapshot snapshot() {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    long pid = Long.parseLong(proc.getFileName().toString());
                    ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    names.put(pid, stat.substring(open + 1, close));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we read, or is not readable: not counted
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return new Snapshot(System.nanoTime(), Map.of(), Map.of());
        }
        return new Snapshot(System.nanoTime(), ticks, names);
    }

    /**
     * What processes other than the lesson's used from {@code before} to {@code after}. A process that started
     * between the two counts with all its CPU; one that ended between them is not seen (a short one rarely matters).
     */
    Use between(Snapshot before, Snapshot after) {
        if (before.ticks().isEmpty() || after.ticks().isEmpty()) {
            return Use.UNKNOWN;
        }
        Set<Long> ours = new HashSet<>(ancestors);
        ours.add(self);
        ProcessHandle.current().descendants().forEach(p -> ours.add(p.pid()));
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        long total = 0;
        List<Other> others = new ArrayList<>();
        for (Map.Entry<Long, Long> e : after.ticks().entrySet()) {
            if (ours.contains(e.getKey())) {
                continue;
            }
            long used = e.getValue() - before.ticks().getOrDefault(e.getKey(), 0L);
            if (used > 0) {
                total += used;
                others.add(new Other(e.getKey(), after.names().get(e.getKey()), used / TICKS_PER_SECOND));
            }
        }
        others.sort((a, b) -> Double.compare(b.seconds(), a.seconds()));
        List<Other> heavy = new ArrayList<>();
        for (Other o : others) {
            if (heavy.size() < 5 && o.seconds() >= 0.1 * seconds) {
                heavy.add(o);
            }
        }
        // /proc counts in ticks of 10 ms: over a short row one tick of another process would look like a busy core,
        // so a row shorter than half a second is averaged over half a second.
        return new Use(total / TICKS_PER_SECOND / Math.max(seconds, MIN_WINDOW_SECONDS), List.copyOf(heavy));
    }
}
