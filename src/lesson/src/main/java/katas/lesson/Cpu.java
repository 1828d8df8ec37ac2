package katas.lesson;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM plus that of its finished child processes, in nanoseconds: a process approach's work is done
 * in its children, and leaving them out would flatter it. Children's time comes from {@code /proc/self/stat}
 * ({@code cutime + cstime}: children that have exited and were waited for), so on systems without {@code /proc} it is
 * unknown, and {@link #nanos()} returns -1.
 */
final class Cpu {

    /** Linux's USER_HZ: the unit of /proc's times, 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private Cpu() {}

    static long nanos() {
        long children = childrenNanos();
        if (children < 0
                || !(ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os)) {
            return -1;
        }
        return os.getProcessCpuTime() + children;
    }

    private static long childrenNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // After the command name in parentheses (which may hold spaces): field 3 onwards.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException unavailable) {
            return -1;
        }
    }
}
