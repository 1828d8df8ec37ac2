package katas.lesson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lesson's table: the lesson's workload in every approach the katas teach, on the reference solutions, and the
 * lesson's Python programs beside them; printed row by row as each approach finishes, then written as Markdown and
 * as an SVG chart.
 *
 * <pre>  LessonTable --root=DIR [--workers=2] [--each=50000000] [--python=auto|off] [--out=DIR]</pre>
 */
public final class LessonTable {

    private LessonTable() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value, got '" + arg + "'");
            }
            a.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Path root = Path.of(a.getOrDefault("root", "."));
        int workers = Integer.parseInt(a.getOrDefault("workers", "2"));
        long each = Long.parseLong(a.getOrDefault("each", "50000000"));
        if (workers < 1 || workers > 64 || each < 1) {
            throw new IllegalArgumentException(
                    "need 1 to 64 workers (-Dworkers) and each >= 1 (-Deach), got " + workers + " and " + each);
        }
        Path out = Path.of(a.getOrDefault("out", "target/lesson"));
        boolean python = !a.getOrDefault("python", "auto").equals("off");
        long expected = workers * each;
        Machine machine = Machine.here(python ? pythonVersion() : "");

        System.out.printf(
                Locale.ROOT,
                "%nThe lesson's workload: %d workers x %,d = %,d, in every approach. %s%n%n",
                workers,
                each,
                expected,
                machine.line());
        Beside beside = new Beside();
        double loadBefore = Beside.load1();
        Beside.Snapshot start = beside.snapshot();
        if (loadBefore > machine.cores()) {
            System.out.printf(
                    Locale.ROOT,
                    "  BUSY: the load average is %.2f on %d cores: other programs share the cores, so the wall times"
                            + " below will be longer than an idle machine's. For the lesson's numbers, run it again"
                            + " when the machine is idle.%n%n",
                    loadBefore,
                    machine.cores());
        }
        Table.printHeader(System.out);
        List<Row> rows = new ArrayList<>();
        try (Spinner spinner = new Spinner(System.out)) {
            for (JavaApproaches.Approach approach : JavaApproaches.all()) {
                Row row;
                if (!JavaApproaches.present(approach)) {
                    row = Row.missing(
                            approach.name(),
                            "Java",
                            approach.kata(),
                            expected,
                            "kata " + approach.kata() + " is not in this repository yet");
                } else {
                    spinner.start(approach.name());
                    Beside.Snapshot before = beside.snapshot();
                    row = runJava(approach, workers, each, expected);
                    row = row.withOthers(
                            beside.between(before, beside.snapshot()).cores());
                    spinner.stop();
                }
                rows.add(row);
                Table.printRow(System.out, row);
            }
            if (!python) {
                System.out.println("  (Python rows off: -Dpython=off)");
            } else if (machine.python().isEmpty()) {
                System.out.println("  (no python3 on the PATH: Java rows only)");
            } else {
                for (PythonScripts.Script script : PythonScripts.ALL) {
                    spinner.start(script.approach() + " (Python)");
                    Beside.Snapshot before = beside.snapshot();
                    Row row = PythonScripts.run(root, script, workers, each, expected);
                    row = row.withOthers(
                            beside.between(before, beside.snapshot()).cores());
                    spinner.stop();
                    rows.add(row);
                    Table.printRow(System.out, row);
                }
            }
        }
        Conditions conditions =
                new Conditions(machine.cores(), loadBefore, Beside.load1(), beside.between(start, beside.snapshot()));
        System.out.println();
        System.out.println("  " + JavaApproaches.REAL_WORK);
        System.out.println("  CPU time includes the child processes' own. Times are one run each: run it twice.");
        System.out.println("  'others': the cores other processes used, on average, while the row ran (over "
                + Beside.BUSY_CORES + ": busy, marked *).");
        System.out.println();
        System.out.println("  " + conditions.line());
        String floor = Floor.line(rows, Floor.jvmStartSeconds());
        if (!floor.isEmpty()) {
            System.out.println();
            System.out.println("  " + floor);
        }
        Files.createDirectories(out);
        Path md = out.resolve("lesson.md");
        Path svg = out.resolve("lesson.svg");
        Files.writeString(
                md,
                Table.markdown(rows, machine, conditions, workers, each) + (floor.isEmpty() ? "" : "\n" + floor + "\n"),
                StandardCharsets.UTF_8);
        Files.writeString(svg, Chart.svg(rows, machine, conditions, workers, each), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println("  Markdown: " + md.toAbsolutePath());
        System.out.println("  Chart:    " + svg.toAbsolutePath());
        boolean anyFixWrong = rows.stream()
                .filter(r -> r.ran() && r.language().equals("Java"))
                .filter(r -> !r.approach().contains("racy"))
                .anyMatch(r -> !r.correct());
        if (anyFixWrong) {
            System.out.println("  A FIXED APPROACH GAVE A WRONG TOTAL: see the table.");
            System.exit(1);
        }
    }

    private static Row runJava(JavaApproaches.Approach approach, int workers, long each, long expected) {
        long cpu0 = Cpu.nanos();
        long t0 = System.nanoTime();
        try {
            long total = approach.run().count(workers, each);
            double wall = (System.nanoTime() - t0) / 1e9;
            long cpu1 = Cpu.nanos();
            double cpu = cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9;
            String note = total == expected
                    ? ""
                    : "two workers read the same value and both wrote it plus one: one update lost each time";
            return new Row(approach.name(), "Java", approach.kata(), expected, total, wall, cpu, note);
        } catch (Exception e) {
            return Row.missing(approach.name(), "Java", approach.kata(), expected, "failed: " + e);
        }
    }

    static String pythonVersion() {
        try {
            Process p = new ProcessBuilder("python3", "--version")
                    .redirectErrorStream(true)
                    .start();
            String v;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                v = r.readLine();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || v == null) {
                p.destroyForcibly();
                return "";
            }
            Matcher m = Pattern.compile("Python (\\d+\\.\\d+(\\.\\d+)?)").matcher(v);
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
