package katas.lesson;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The table, in a terminal and as Markdown. */
final class Table {

    private static final String FORMAT = "  %-52s %-6s %-4s %13s  %-22s %9s %9s %7s%n";

    private Table() {}

    static void printHeader(PrintStream out) {
        out.printf(Locale.ROOT, FORMAT, "approach", "lang", "kata", "total", "verdict", "wall", "cpu", "others");
        out.println("  " + "-".repeat(130));
    }

    static void printRow(PrintStream out, Row r) {
        synchronized (out) {
            out.printf(
                    Locale.ROOT,
                    FORMAT,
                    cut(r.approach(), 52),
                    r.language(),
                    r.kata(),
                    r.totalText(),
                    r.verdict(),
                    r.wallText(),
                    r.cpuText(),
                    r.othersText() + (r.busy() ? "*" : ""));
            if (!r.note().isEmpty() && (!r.correct() || !r.ran() || r.scale() > 1)) {
                out.println("      " + r.note());
            }
            out.flush();
        }
    }

    static String markdown(List<Row> rows, Machine machine, Conditions conditions, int workers, long each) {
        StringBuilder b = new StringBuilder();
        if (conditions.busy()) {
            b.append("**BUSY RUN: not the lesson's numbers.** ");
        }
        b.append(String.format(
                Locale.ROOT, "%d workers x %,d = %,d. %s%n%n", workers, each, (long) workers * each, machine.line()));
        b.append(conditions.line()).append("\n\n");
        b.append("| approach | language | kata | total | verdict | wall | CPU | others |\n");
        b.append("|---|---|---|--:|---|--:|--:|--:|\n");
        for (Row r : rows) {
            b.append("| ")
                    .append(r.approach())
                    .append(" | ")
                    .append(r.language())
                    .append(" | ")
                    .append(r.kata().isEmpty() ? "lesson" : r.kata())
                    .append(" | ")
                    .append(r.totalText())
                    .append(" | ")
                    .append(r.ran() ? (r.correct() ? "right" : "**" + r.verdict() + "**") : r.note())
                    .append(" | ")
                    .append(r.wallText())
                    .append(" | ")
                    .append(r.cpuText())
                    .append(" | ")
                    .append(r.othersText())
                    .append(r.busy() ? " (busy)" : "")
                    .append(" |\n");
        }
        b.append("\n").append(JavaApproaches.REAL_WORK).append(" CPU time includes child processes.");
        b.append(" 'others': the cores other processes used, on average, while the row ran.\n");
        for (Row r : rows) {
            if (r.scale() > 1) {
                b.append("\n")
                        .append(r.approach())
                        .append(" (")
                        .append(r.language())
                        .append("): ");
                b.append(r.note()).append(".\n");
            }
        }
        return b.toString();
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
