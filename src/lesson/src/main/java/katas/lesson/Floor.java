package katas.lesson;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a process approach, in the same run: the confined threads' wall time (every core counting, nothing
 * shared) plus one JVM start ({@code java -version}, the median of a few); and each process row's wall time against
 * it. A process approach cannot beat it: its workers count the same way, each in a JVM that must start first.
 */
final class Floor {

    static final String CONFINED = "threads, confined";
    static final List<String> PROCESS_ROWS =
            List.of("processes + queue", "processes + pipe", "processes + shared memory, count locally, add once");
    private static final int STARTS = 5;

    private Floor() {}

    /** The median wall time of {@code java -version} (this JVM's java), in seconds; -1 if it could not run. */
    static double jvmStartSeconds() {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        double[] seconds = new double[STARTS];
        try {
            for (int i = 0; i < STARTS; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(java, "-version")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return -1;
                }
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        Arrays.sort(seconds);
        return seconds[STARTS / 2];
    }

    /** One line: the floor and each Java process row's ratio to it; empty when a needed row did not run. */
    static String line(List<Row> rows, double jvmStart) {
        Row confined = find(rows, CONFINED);
        if (confined == null || jvmStart < 0) {
            return "";
        }
        double floor = confined.wall() + jvmStart;
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "Floor of a process approach, this run: confined threads %.2f s + one JVM start %.3f s (java -version,"
                        + " median of %d) = %.2f s. Wall time against it:",
                confined.wall(),
                jvmStart,
                STARTS,
                floor));
        String sep = " ";
        for (String name : PROCESS_ROWS) {
            Row r = find(rows, name);
            if (r != null) {
                b.append(sep).append(String.format(Locale.ROOT, "%s %.2fx", r.approach(), r.wall() / floor));
                sep = "; ";
            }
        }
        return b.append('.').toString();
    }

    private static Row find(List<Row> rows, String prefix) {
        for (Row r : rows) {
            if (r.language().equals("Java") && r.ran() && r.approach().startsWith(prefix)) {
                return r;
            }
        }
        return null;
    }
}
