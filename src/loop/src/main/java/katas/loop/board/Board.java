package katas.loop.board;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import katas.loop.designs.Designs;
import katas.loop.progress.Hints;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepProgress;
import katas.loop.progress.StepState;

/**
 * Renders the progress board: plain ASCII, at most 96 columns, short enough to read on one screen (a line per
 * kata, then the next step in detail), and its last line says what to do next.
 */
public final class Board {

    /** The last line's sentence when every kata is done; CI and the README look for it. */
    public static final String ALL_DONE = "katas are done";

    private static final int BAR = 20;
    private static final String HEAVY = "=".repeat(96);
    private static final String RULE = "-".repeat(96);
    private static final String STUB_TAIL =
            " (delete the 'throw Kata.todo(...)' line and write it; hints are in the kata's README)";

    /**
     * One kata as the board shows it.
     *
     * @param progress the kata's progress file
     * @param hashes   the learner files' hashes now (a step whose files changed is not done)
     * @param hints    the kata's hints, from its README
     * @param note     instead of progress, a remark (e.g. it did not compile), or empty
     */
    public record KataView(KataProgress progress, Map<String, String> hashes, Hints hints, String note) {

        boolean complete() {
            return note.isEmpty() && progress.complete(hashes);
        }

        Optional<StepProgress> next() {
            return note.isEmpty() ? progress.next(hashes) : Optional.empty();
        }
    }

    private Board() {}

    /**
     * The board.
     *
     * @param katas   the katas, in order
     * @param hints   how many hints of the next step to show (1 unless the learner asked for more)
     * @param detail  whether to list every step (the board of one kata)
     * @param command how the learner runs these katas again, for the line about hints (e.g. {@code ./mvnw test})
     */
    public static String render(List<KataView> katas, int hints, boolean detail, String command) {
        return render(katas, hints, detail, command, Words.english());
    }

    /** The board, in the language of {@code w}. */
    public static String render(List<KataView> katas, int hints, boolean detail, String command, Words w) {
        StringBuilder b = new StringBuilder();
        b.append('\n').append(HEAVY).append('\n');
        if (katas.size() == 1 && detail) {
            KataView k = katas.get(0);
            b.append("  ")
                    .append(w.get("kata.header", k.progress().id(), pad(kataTitle(k), 26)))
                    .append(summary(k))
                    .append('\n');
        } else {
            b.append("  ").append(w.get("title.all")).append('\n');
        }
        b.append(RULE).append('\n');
        if (detail) {
            for (KataView k : katas) {
                if (katas.size() > 1) {
                    b.append(String.format("  %-3s", k.progress().id()))
                            .append(pad(kataTitle(k), 27))
                            .append(summary(k))
                            .append('\n');
                }
                if (!k.note().isEmpty() && katas.size() == 1) {
                    b.append("  ").append(k.note()).append('\n');
                }
                for (StepProgress s : k.progress().steps()) {
                    StepState st = s.state(k.hashes());
                    b.append("  ")
                            .append(pad(w.get("state." + st.name()), 10))
                            .append(' ')
                            .append(title(k, s));
                    if (st == StepState.CHANGED) {
                        b.append(w.get("changed.since", String.join(", ", s.changedFiles(k.hashes()))));
                    }
                    b.append('\n');
                }
                long proofsRun = k.progress().proofs().stream()
                        .filter(t -> t.result().isPresent())
                        .count();
                if (proofsRun > 0) {
                    long passed = k.progress().proofs().stream()
                            .filter(t -> t.result().map(r -> r.passed()).orElse(false))
                            .count();
                    b.append(w.get("proofs", passed, k.progress().proofs().size()));
                }
            }
        } else {
            for (KataView k : katas) {
                b.append(String.format("  %-3s", k.progress().id()))
                        .append(pad(kataTitle(k), 27))
                        .append(summary(k));
                k.next().ifPresent(s -> b.append(w.get("next.short")).append(Text.cut(title(k, s), 40)));
                b.append('\n');
            }
        }
        // A kata that is done offers its other correct designs (never before: they would spoil it).
        for (KataView k : katas) {
            if (k.complete()) {
                String dir = Path.of(k.progress().directory()).getFileName().toString();
                int designs = Designs.offered(dir).size();
                if (designs > 0) {
                    line(
                            b,
                            w.get("label.designs"),
                            w.get(
                                    "designs.offer",
                                    k.progress().id(),
                                    designs,
                                    Designs.command(k.progress().id())));
                }
            }
        }
        // A test JVM that died in a kata's last run: which kata, what happened, where; a few lines, never a trace.
        for (KataView k : katas) {
            if (!k.progress().died().isEmpty()) {
                line(
                        b,
                        w.get("label.died"),
                        w.get("died.kata", k.progress().id(), k.progress().died()));
            }
        }
        b.append(RULE).append('\n');
        Optional<KataView> current = katas.stream().filter(k -> !k.complete()).findFirst();
        long done = katas.stream().filter(KataView::complete).count();
        if (current.isEmpty()) {
            b.append(
                    detail && katas.size() == 1
                            ? w.get(
                                    "done.kata",
                                    katas.get(0).progress().id(),
                                    katas.get(0).progress().steps().size())
                            : w.get("done.all", katas.size()));
            return b.toString();
        }
        KataView k = current.get();
        Optional<StepProgress> next = k.next();
        int shown = 0;
        int available = 0;
        if (next.isEmpty()) {
            line(
                    b,
                    w.get("label.next"),
                    w.get("next.kata", k.progress().id(), k.note().isEmpty() ? w.get("next.norun") : k.note()));
        } else {
            StepProgress s = next.get();
            StepState st = s.state(k.hashes());
            line(b, w.get("label.next"), w.get("next.kata", k.progress().id(), title(k, s)));
            String notRun = s.notRunReason();
            switch (st) {
                case TODO -> line(b, w.get("label.todo"), k.hints().todo(stub(s.firstFailure())));
                case FAILING -> {
                    String raw = s.firstFailure();
                    String failure = s.failureShown()
                            .map(t -> k.hints().failure(t.id(), raw))
                            .orElse(raw);
                    line(b, w.get("label.fail"), Text.cut(Text.withoutTable(failure), 300));
                    List<String> table = Text.table(raw);
                    for (int i = 0; i < table.size(); i++) {
                        String t = i == 0
                                ? Text.header(
                                        table.get(0), w.get("trace.code"), w.get("trace.thread"), w.get("trace.main"))
                                : table.get(i);
                        b.append("        ").append(t).append('\n');
                    }
                    if (!notRun.isEmpty()) {
                        line(b, w.get("label.note"), w.get("note.rest", Text.cut(reason(notRun), 240)));
                    }
                }
                case CHANGED ->
                    line(b, w.get("label.note"), w.get("note.changed", String.join(", ", s.changedFiles(k.hashes()))));
                default ->
                    line(b, w.get("label.note"), notRun.isEmpty() ? w.get("note.notrun") : Text.cut(notRun, 240));
            }
            // Later steps the run left out, and why (the run's time for failing work was spent, the JVM died...).
            List<StepProgress> left = k.progress().steps().stream()
                    .filter(o -> o != s
                            && o.state(k.hashes()) == StepState.NOT_RUN
                            && !o.notRunReason().isEmpty())
                    .toList();
            if (!left.isEmpty()) {
                String numbers = left.size() == 1
                        ? String.valueOf(left.get(0).number())
                        : left.get(0).number() + "-" + left.get(left.size() - 1).number();
                line(
                        b,
                        w.get("label.note"),
                        w.get("note.later", numbers, Text.cut(reason(left.get(0).notRunReason()), 240)));
            }
            List<String> all = k.hints().forStep(s.number());
            available = all.size();
            shown = Math.min(Math.max(1, hints), available);
            for (int i = 0; i < shown; i++) {
                line(b, w.get("label.hint"), w.get("hint.of", i + 1, available, all.get(i)));
            }
            line(b, w.get("label.more"), w.get("more.section", k.progress().directory(), w.get("readme"), s.number()));
        }
        b.append(RULE).append('\n');
        String count = detail && katas.size() == 1
                ? w.get(
                        "count.kata",
                        k.progress().id(),
                        k.progress().done(k.hashes()),
                        k.progress().steps().size())
                : w.get("count.all", done, katas.size());
        String stuck = shown < available
                ? w.get("stuck", shown + 1, command, shown + 1)
                : available > 0 ? w.get("last.hint") : "";
        b.append("  ").append(count).append(stuck).append('\n');
        return b.toString();
    }

    /** A step's title in the board's language (the kata's README in it), else as the tests name it. */
    private static String title(KataView k, StepProgress s) {
        return k.hints().title(s.number(), s.title());
    }

    /** The kata's title in the board's language, else its English one. */
    private static String kataTitle(KataView k) {
        return k.hints().kataTitle(k.progress().title());
    }

    /** {@code text} padded to {@code width} terminal columns (a Korean letter takes two). */
    static String pad(String text, int width) {
        return text + " ".repeat(Math.max(1, width - Text.columns(text)));
    }

    private static String summary(KataView k) {
        if (!k.note().isEmpty()) {
            return k.note();
        }
        int total = k.progress().steps().size();
        int done = k.progress().done(k.hashes());
        int filled = total == 0 ? 0 : done * BAR / total;
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format("%d/%d", done, total)
                + (k.complete() ? "  DONE" : "");
    }

    private static void line(StringBuilder b, String label, String text) {
        List<String> lines = Text.wrap(text, 84);
        // Korean letters take two columns in a terminal: pad by display width, not by characters.
        int width = Text.columns(label);
        String pad = " ".repeat(Math.max(0, 5 - width));
        for (int i = 0; i < lines.size(); i++) {
            b.append("  ")
                    .append(i == 0 ? label + pad : " ".repeat(Math.max(5, width)))
                    .append(' ')
                    .append(lines.get(i))
                    .append('\n');
        }
    }

    /** A reason a test did not run, without its "not run: " (the label says it). */
    static String reason(String notRun) {
        return notRun.startsWith("not run: ") ? notRun.substring("not run: ".length()) : notRun;
    }

    /** A stub's message without the test name, the exception name and the standard tail. */
    static String stub(String failure) {
        String s = failure;
        int marker = s.indexOf("KATA TODO:");
        if (marker >= 0) {
            s = s.substring(marker + "KATA TODO:".length()).strip();
        }
        int tail = s.indexOf(STUB_TAIL.strip());
        if (tail >= 0) {
            s = s.substring(0, tail).strip();
        }
        int more = s.indexOf(" | ");
        return Text.cut(more > 0 ? s.substring(0, more) : s, 240);
    }
}
