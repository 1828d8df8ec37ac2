package katas.lesson;

import java.util.List;
import java.util.Locale;

/**
 * The table as a bar chart, in plain SVG: a bar per approach and language, its length the wall time, wrong totals
 * marked in red. Written by hand: a few dozen elements need no charting library.
 */
final class Chart {

    static final String JAVA_COLOUR = "#2b7bb9";
    static final String PYTHON_COLOUR = "#e0a800";
    static final String WRONG_COLOUR = "#c0392b";

    private static final int LABEL = 400;
    private static final int BARS = 380;
    private static final int ROW = 26;
    private static final int TOP = 108;

    private Chart() {}

    static String svg(List<Row> rows, Machine machine, Conditions conditions, int workers, long each) {
        double max = rows.stream().filter(Row::ran).mapToDouble(Row::wall).max().orElse(1);
        int width = LABEL + BARS + 260;
        int height = TOP + rows.size() * ROW + 50;
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"13\">%n",
                width,
                height,
                width,
                height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"10\" y=\"24\" font-size=\"17\" font-weight=\"bold\">%s</text>%n",
                esc(String.format(
                        Locale.ROOT,
                        "%sThe lesson's workload: %d workers x %,d, wall time per approach",
                        conditions.busy() ? "BUSY RUN (not the lesson's numbers): " : "",
                        workers,
                        each))));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"46\" fill=\"#555\">%s</text>%n", esc(machine.line())));
        s.append(String.format(
                Locale.ROOT,
                "<text class=\"conditions%s\" x=\"10\" y=\"66\" font-size=\"11\"%s>%s</text>%n",
                conditions.busy() ? " busy" : "",
                conditions.busy() ? " fill=\"" + WRONG_COLOUR + "\" font-weight=\"bold\"" : " fill=\"#555\"",
                esc(cut(conditions.verdict() + ":", 190))));
        s.append(String.format(
                Locale.ROOT,
                "<text class=\"figures\" x=\"10\" y=\"82\" font-size=\"11\" fill=\"#555\">%s</text>%n",
                esc(cut(conditions.figures() + ".", 190))));
        int y = TOP;
        for (Row r : rows) {
            String colour = r.language().equals("Python") ? PYTHON_COLOUR : JAVA_COLOUR;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LABEL - 8,
                    y + 17,
                    esc(r.approach() + " (" + r.language() + ")")));
            if (r.ran()) {
                double w = Math.max(1, BARS * r.wall() / max);
                boolean wrong = !r.correct();
                s.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"bar%s%s\" data-approach=\"%s\" data-language=\"%s\" data-total=\"%d\""
                                + " x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"%s%s/>%n",
                        wrong ? " wrong" : "",
                        r.scale() > 1 ? " scaled" : "",
                        esc(r.approach()),
                        esc(r.language()),
                        r.total(),
                        LABEL,
                        y + 4,
                        w,
                        ROW - 8,
                        colour,
                        r.scale() > 1 ? " fill-opacity=\"0.45\"" : "",
                        wrong ? " stroke=\"" + WRONG_COLOUR + "\" stroke-width=\"3\"" : ""));
                s.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\"%s>%s</text>%n",
                        LABEL + w + 6,
                        y + 17,
                        wrong ? " fill=\"" + WRONG_COLOUR + "\" font-weight=\"bold\"" : "",
                        esc(r.wallText()
                                + (r.scale() > 1 ? " (run at 1/" + r.scale() + " size, scaled)" : "")
                                + (r.busy() ? " (busy)" : "")
                                + (wrong ? "  WRONG total " + r.totalText() : ""))));
            } else {
                s.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" fill=\"#888\">%s</text>%n",
                        LABEL,
                        y + 17,
                        esc("not run: " + cut(r.note(), 62))));
            }
            y += ROW;
        }
        y += 20;
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"10\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/><text x=\"30\" y=\"%d\">Java</text>%n",
                y,
                JAVA_COLOUR,
                y + 12));
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"90\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/><text x=\"110\" y=\"%d\">Python</text>%n",
                y,
                PYTHON_COLOUR,
                y + 12));
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"180\" y=\"%d\" width=\"14\" height=\"14\" fill=\"none\" stroke=\"%s\" stroke-width=\"3\"/>"
                        + "<text x=\"200\" y=\"%d\">red outline: wrong total (lost updates)</text>%n",
                y,
                WRONG_COLOUR,
                y + 12));
        s.append("</svg>\n");
        return s.toString();
    }

    static String esc(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
