package katas.lesson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lesson's own programs, in Python (lesson/python, standard library only), run beside Java's. */
final class PythonScripts {

    /**
     * A script and the extra arguments that pick its variant.
     *
     * @param scale 1 to run the full workload; N to run 1/N of it and multiply its times by N (a variant that would
     *              take minutes at full size, and whose time grows in step with the count)
     */
    record Script(String file, String approach, List<String> args, int scale) {
        Script(String file, String approach, List<String> args) {
            this(file, approach, args, 1);
        }
    }

    /** How much smaller the Semaphore-per-increment run is: about 2.5 us an increment, 25 s instead of 4 minutes. */
    static final int PER_INCREMENT_SCALE = 10;

    static final List<Script> ALL = List.of(
            new Script("threads_plain.py", "threads, counter += 1", List.of()),
            new Script("threads_racy.py", "threads, read; call; write (racy)", List.of()),
            new Script("process_queue.py", "processes + Queue", List.of()),
            new Script("process_pipe.py", "processes + Pipe", List.of()),
            new Script("shared_memory.py", "processes + shared memory, count locally, add once", List.of()),
            new Script(
                    "shared_memory.py",
                    "processes + shared memory, Semaphore per increment",
                    List.of("--per-increment"),
                    PER_INCREMENT_SCALE));

    private static final long TIMEOUT_MINUTES = 15;

    private PythonScripts() {}

    static Row run(Path root, Script script, int workers, long fullEach, long fullExpected) {
        long each = Math.max(1, fullEach / script.scale());
        long expected = script.scale() == 1 ? fullExpected : workers * each;
        Path file = root.resolve("lesson/python").resolve(script.file());
        List<String> command = new ArrayList<>(List.of(
                "python3", file.toString(), "--workers", String.valueOf(workers), "--each", String.valueOf(each)));
        command.addAll(script.args());
        try {
            Process p = new ProcessBuilder(command)
                    .directory(file.getParent().toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(p.getInputStream(), bytes), "python-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return Row.missing(script.approach(), "Python", "", expected, "took over " + TIMEOUT_MINUTES + " min");
            }
            reader.join(5000);
            String output = bytes.toString(StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                return Row.missing(
                        script.approach(), "Python", "", expected, "exit " + p.exitValue() + ": " + lastLine(output));
            }
            Row row = parse(script.approach(), expected, lastLine(output));
            return script.scale() == 1 ? row : scaled(row, script.scale(), workers, each);
        } catch (IOException e) {
            return Row.missing(script.approach(), "Python", "", expected, "could not start python3: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Row.missing(script.approach(), "Python", "", expected, "interrupted");
        }
    }

    /**
     * A row measured at 1/{@code scale} of the workload, its times multiplied by {@code scale}: the total and verdict
     * stay those of the smaller run, and the approach and note say so.
     */
    static Row scaled(Row measured, int scale, int workers, long each) {
        String how = String.format(
                Locale.ROOT,
                "run at %d x %,d (1/%d of the workload, %.2f s) and its times multiplied by %d: each increment takes"
                        + " the semaphore, so the time grows in step with the count",
                workers,
                each,
                scale,
                measured.wall(),
                scale);
        return new Row(
                measured.approach() + " (1/" + scale + " size, times x" + scale + ")",
                measured.language(),
                measured.kata(),
                measured.expected(),
                measured.total(),
                measured.wall() * scale,
                measured.cpu() < 0 ? -1 : measured.cpu() * scale,
                measured.note().isEmpty() ? how : how + "; " + measured.note(),
                measured.others(),
                scale);
    }

    /** Reads the script's JSON line: total, wall_s, cpu_s (and note), without a JSON library. */
    static Row parse(String approach, long expected, String json) {
        long total = Long.parseLong(field(json, "total"));
        double wall = Double.parseDouble(field(json, "wall_s"));
        double cpu = Double.parseDouble(field(json, "cpu_s"));
        Matcher note =
                Pattern.compile("\"note\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        String n = note.find() ? note.group(1) : "";
        return new Row(approach, "Python", "", expected, total, wall, cpu, n);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*(-?[0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("the Python program printed no '" + name + "': " + json);
        }
        return m.group(1);
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    static String describe(Row r) {
        return String.format(Locale.ROOT, "%s: %s", r.approach(), r.totalText());
    }
}
