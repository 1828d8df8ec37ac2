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

    /** A script and the extra arguments that pick its variant. */
    record Script(String file, String approach, List<String> args) {}

    static final List<Script> ALL = List.of(
            new Script("threads_plain.py", "threads, counter += 1", List.of()),
            new Script("threads_racy.py", "threads, read; call; write (racy)", List.of()),
            new Script("process_queue.py", "processes + Queue", List.of()),
            new Script("process_pipe.py", "processes + Pipe", List.of()),
            new Script("shared_memory.py", "processes + shared memory, count locally, add once", List.of()));

    private static final long TIMEOUT_MINUTES = 15;

    private PythonScripts() {}

    static Row run(Path root, Script script, int workers, long each, long expected) {
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
            return parse(script.approach(), expected, lastLine(output));
        } catch (IOException e) {
            return Row.missing(script.approach(), "Python", "", expected, "could not start python3: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Row.missing(script.approach(), "Python", "", expected, "interrupted");
        }
    }

    /** The row that says why one Python variant is not run at full size. */
    static Row perIncrementNote(long expected) {
        return Row.missing(
                "processes + shared memory, Semaphore per increment",
                "Python",
                "",
                expected,
                "about 2.5 us per increment would take minutes at full size; try"
                        + " python3 lesson/python/shared_memory.py --per-increment --each 1000000");
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
