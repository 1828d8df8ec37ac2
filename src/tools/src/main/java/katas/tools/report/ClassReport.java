package katas.tools.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import katas.kit.Printable;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;
import katas.loop.progress.StepProgress;
import katas.loop.progress.StepState;

/**
 * The instructor's class report, {@code ClassReport <folder of learners> [<html file>]}: given one sub-folder per
 * learner (a checkout of the katas, or the progress files they handed in), prints a table of learner by kata (steps
 * done of steps, the last run) and writes it as one self-contained HTML page. Progress files are not trusted: one that
 * does not parse is reported on its learner's row, and names are made printable ({@link Printable}) and escaped. In a
 * checkout, a step counts as done only if the learner's files are still the ones it passed with.
 */
public final class ClassReport {

    /** A kata as the class sees it: its number, its title, its steps (the most any learner's file declares). */
    public record Kata(String id, String title, int steps) {}

    /** One learner's result in one kata. */
    public record Cell(int done, int steps, String updated) {}

    /** One learner: a cell per kata they have a progress file for, and what could not be read. */
    public record Learner(String name, Map<String, Cell> cells, List<String> problems) {
        public int done() {
            return cells.values().stream().mapToInt(Cell::done).sum();
        }

        public String lastRun() {
            return cells.values().stream()
                    .map(Cell::updated)
                    .filter(u -> !u.isEmpty())
                    .max(Comparator.naturalOrder())
                    .orElse("");
        }
    }

    /** The whole class. */
    public record Report(List<Kata> katas, List<Learner> learners) {
        public int steps() {
            return katas.stream().mapToInt(Kata::steps).sum();
        }
    }

    private ClassReport() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ClassReport <folder with one folder per learner> [<html file>]");
            System.exit(2);
        }
        if (args[0].isBlank()) {
            System.err.println("class report: which class? Give the folder that holds one folder per learner:"
                    + " ./mvnw -q package -Pclass-report -Dlearners=FOLDER -pl src/loop -am");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        if (!Files.isDirectory(folder)) {
            System.err.println("class report: " + folder.toAbsolutePath() + " is not a folder: give the folder that"
                    + " holds one folder per learner (their checkouts, or their progress files)");
            System.exit(2);
        }
        Path html = Path.of(args.length > 1 ? args[1] : "target/class-report.html");
        Report report = read(folder);
        printTable(System.out, report);
        writeHtml(html, report, Instant.now().toString());
        System.out.println();
        System.out.println("The same, as a page: " + html.toAbsolutePath());
    }

    /** Reads every learner's progress under {@code folder}. */
    public static Report read(Path folder) {
        List<Learner> learners = new ArrayList<>();
        Map<String, Kata> katas = new TreeMap<>();
        for (Path dir : list(folder)) {
            if (!Files.isDirectory(dir) || dir.getFileName().toString().startsWith(".")) {
                continue;
            }
            Map<String, Cell> cells = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            for (Path file : progressFiles(dir)) {
                try {
                    KataProgress p = KataProgress.loadFrom(file, Path.of("katas", "00-unknown"));
                    if (p.steps().isEmpty() || !p.id().matches("\\d{2}")) {
                        continue; // not a progress file, or one from an older format
                    }
                    Map<String, String> hashes = currentHashes(dir, p);
                    int done = (int) p.steps().stream()
                            .filter(s -> s.state(hashes) == StepState.DONE)
                            .count();
                    Cell cell = new Cell(done, p.steps().size(), p.updated());
                    Cell old = cells.get(p.id());
                    if (old == null || cell.updated().compareTo(old.updated()) > 0) {
                        cells.put(p.id(), cell);
                    }
                    katas.merge(
                            p.id(),
                            new Kata(p.id(), p.title(), p.steps().size()),
                            (a, b) -> a.steps() >= b.steps() ? a : b);
                } catch (RuntimeException e) {
                    problems.add(dir.relativize(file) + ": " + e.getMessage());
                }
            }
            learners.add(new Learner(dir.getFileName().toString(), cells, problems));
        }
        learners.sort(Comparator.comparing(Learner::name));
        return new Report(List.copyOf(katas.values()), learners);
    }

    /** The learner's files as they are now, when the folder is a checkout; else the hashes the step ran with. */
    private static Map<String, String> currentHashes(Path learnerDir, KataProgress p) {
        Path sources =
                learnerDir.resolve(p.directory()).resolve("src/main/java").normalize();
        if (sources.startsWith(learnerDir) && Files.isDirectory(sources)) {
            return Sources.allHashes(sources);
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        p.steps().stream().map(StepProgress::sources).forEach(recorded::putAll);
        return recorded;
    }

    private static List<Path> progressFiles(Path learnerDir) {
        try (Stream<Path> files = Files.walk(learnerDir, 6)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".properties"))
                    .filter(f -> learnerDir.relativize(f).toString().indexOf("solutions") < 0)
                    .filter(f -> learnerDir.relativize(f).toString().indexOf("known-") < 0)
                    .filter(ClassReport::looksLikeProgress)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean looksLikeProgress(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.limit(12)
                    .anyMatch(l -> l.startsWith("format=" + KataProgress.FORMAT) || l.startsWith("format=2"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table, for a terminal. */
    public static void printTable(PrintStream out, Report report) {
        if (report.learners().isEmpty()) {
            out.println("No learners found: the folder must hold one folder per learner.");
            return;
        }
        int nameWidth = Math.max(
                7,
                report.learners().stream()
                        .mapToInt(l -> l.name().length())
                        .max()
                        .orElse(7));
        nameWidth = Math.min(nameWidth, 24);
        StringBuilder head = new StringBuilder(String.format("%-" + nameWidth + "s", "learner"));
        for (Kata k : report.katas()) {
            head.append("  ").append(String.format("%-7s", "kata " + k.id()));
        }
        head.append("  total    last run");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (Learner l : report.learners()) {
            StringBuilder row =
                    new StringBuilder(String.format("%-" + nameWidth + "s", cut(Printable.of(l.name(), 200), 24)));
            for (Kata k : report.katas()) {
                Cell c = l.cells().get(k.id());
                row.append("  ").append(String.format("%-7s", c == null ? "-" : c.done() + "/" + c.steps()));
            }
            row.append("  ").append(String.format("%-7s", l.done() + "/" + report.steps()));
            row.append("  ").append(l.lastRun().isEmpty() ? "never" : l.lastRun());
            out.println(row);
            l.problems().forEach(p -> out.println("    unreadable: " + Printable.of(p, 100)));
        }
        out.println();
        StringBuilder legend = new StringBuilder("katas:");
        report.katas()
                .forEach(k -> legend.append("  ")
                        .append(k.id())
                        .append(' ')
                        .append(k.title())
                        .append(" (")
                        .append(k.steps())
                        .append(" steps)"));
        out.println(legend);
    }

    /** The page: one table and one bar per learner, no script, no outside file. */
    public static void writeHtml(Path file, Report report, String generated) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>Class report: concurrency katas</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse;margin-bottom:2em}\n")
                .append("th,td{border:1px solid #ccc;padding:.3em .7em;text-align:left}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(".bar{display:flex;width:30em;height:1.1em;background:#eee;border:1px solid #bbb}\n")
                .append(".seg{height:100%}\n.k0{background:#2b7bb9}.k1{background:#3aa655}.k2{background:#e0a800}")
                .append(".k3{background:#c0392b}.k4{background:#8e44ad}\n")
                .append(".bars td{border:none;padding:.2em .7em}\n.problem{color:#a00}\n")
                .append("</style>\n</head>\n<body>\n<h1>Class report</h1>\n<p>Generated ")
                .append(esc(generated))
                .append(": ")
                .append(report.learners().size())
                .append(" learners, ")
                .append(report.katas().size())
                .append(" katas, ")
                .append(report.steps())
                .append(" steps in all.</p>\n");
        h.append("<table id=\"progress\">\n<thead><tr><th>learner</th>");
        for (Kata k : report.katas()) {
            h.append("<th>kata ")
                    .append(esc(k.id()))
                    .append(": ")
                    .append(esc(k.title()))
                    .append("</th>");
        }
        h.append("<th>total</th><th>last run</th></tr></thead>\n<tbody>\n");
        for (Learner l : report.learners()) {
            h.append("<tr class=\"learner\" data-learner=\"")
                    .append(esc(l.name()))
                    .append("\" data-done=\"")
                    .append(l.done())
                    .append("\" data-steps=\"")
                    .append(report.steps())
                    .append("\"><td>")
                    .append(esc(l.name()));
            for (String p : l.problems()) {
                h.append("<div class=\"problem\">unreadable: ")
                        .append(esc(cut(p, 160)))
                        .append("</div>");
            }
            h.append("</td>");
            for (Kata k : report.katas()) {
                Cell c = l.cells().get(k.id());
                h.append("<td class=\"n\" data-kata=\"")
                        .append(esc(k.id()))
                        .append("\" data-done=\"")
                        .append(c == null ? 0 : c.done())
                        .append("\" data-steps=\"")
                        .append(c == null ? k.steps() : c.steps())
                        .append("\">")
                        .append(c == null ? "-" : c.done() + " / " + c.steps())
                        .append("</td>");
            }
            h.append("<td class=\"n\">")
                    .append(l.done())
                    .append(" / ")
                    .append(report.steps())
                    .append("</td><td>")
                    .append(esc(l.lastRun().isEmpty() ? "never" : l.lastRun()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<h2>Steps done</h2>\n<table class=\"bars\">\n");
        for (Learner l : report.learners()) {
            h.append("<tr><td>").append(esc(l.name())).append("</td><td><div class=\"bar\" title=\"");
            h.append(l.done()).append(" of ").append(report.steps()).append(" steps\">");
            int i = 0;
            for (Kata k : report.katas()) {
                Cell c = l.cells().get(k.id());
                int done = c == null ? 0 : c.done();
                if (done > 0 && report.steps() > 0) {
                    h.append("<div class=\"seg k")
                            .append(i % 5)
                            .append("\" data-kata=\"")
                            .append(esc(k.id()))
                            .append("\" style=\"width:")
                            .append(String.format(java.util.Locale.ROOT, "%.2f", 100.0 * done / report.steps()))
                            .append("%\"></div>");
                }
                i++;
            }
            h.append("</div></td><td class=\"n\">")
                    .append(l.done())
                    .append(" / ")
                    .append(report.steps())
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p>");
        int i = 0;
        for (Kata k : report.katas()) {
            h.append("<span class=\"seg k")
                    .append(i++ % 5)
                    .append("\" style=\"display:inline-block;width:1em;height:1em\"></span> kata ")
                    .append(esc(k.id()))
                    .append(" ")
                    .append(esc(k.title()))
                    .append(" &#160; ");
        }
        h.append("</p>\n</body>\n</html>\n");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, h, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the class report to " + file, e);
        }
    }

    /** Escapes text for HTML content and attribute values; drops control characters. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (!Character.isISOControl(c)) {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** For tests: the cell of a learner in a kata. */
    static Optional<Cell> cell(Report report, String learner, String kata) {
        return report.learners().stream()
                .filter(l -> l.name().equals(learner))
                .findFirst()
                .map(l -> l.cells().get(kata));
    }
}
