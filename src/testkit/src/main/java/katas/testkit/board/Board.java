package katas.testkit.board;

import java.util.List;
import katas.testkit.board.KataProgress.State;
import katas.testkit.board.KataProgress.StepStatus;
import katas.testkit.results.TestRecord;

/**
 * Renders the progress board: plain ASCII, at most 100 columns, readable in a terminal and in an IDE console.
 */
public final class Board {

    private static final int BAR = 20;
    private static final String RULE = "-".repeat(96);
    private static final String INDENT = " ".repeat(8);

    private Board() {
    }

    /** The board of several katas, with a closing line saying how many are done. */
    public static String render(List<KataProgress> katas) {
        StringBuilder b = new StringBuilder();
        b.append('\n').append(RULE).append('\n');
        b.append("  CONCURRENCY KATAS - YOUR PROGRESS\n");
        b.append(RULE).append('\n');
        for (KataProgress k : katas) {
            kata(b, k, false);
        }
        b.append(RULE).append('\n');
        long done = katas.stream().filter(KataProgress::complete).count();
        if (done == katas.size()) {
            b.append("  All ").append(done).append(" katas are done. Well done!\n");
        } else {
            b.append("  ").append(done).append(" of ").append(katas.size()).append(" katas done.")
                    .append(" One kata only: ./mvnw test -pl katas/NN-name -am   One step: add -Dtest='StepNN*'\n");
        }
        b.append(RULE).append('\n');
        return b.toString();
    }

    /** One kata on its own, every step listed (printed after the kata's own tests). */
    public static String renderOne(KataProgress kata) {
        StringBuilder b = new StringBuilder();
        b.append('\n').append(RULE).append('\n');
        kata(b, kata, true);
        b.append(RULE).append('\n');
        return b.toString();
    }

    private static void kata(StringBuilder b, KataProgress k, boolean everyStep) {
        String name = String.format("  %-3s%-28s", k.id(), k.title());
        if (!k.note().isEmpty()) {
            b.append(name).append(k.note()).append('\n');
            return;
        }
        int filled = k.total() == 0 ? 0 : k.done() * BAR / k.total();
        b.append(name).append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                .append(String.format("%2d/%-2d steps", k.done(), k.total()));
        b.append(k.complete() ? "   DONE\n" : "\n");
        if (everyStep) {
            for (StepStatus s : k.steps()) {
                b.append(String.format("%s%-12s %s%n", INDENT.substring(4), mark(s.state()), s.title()));
            }
        }
        k.next().ifPresent(s -> {
            b.append(INDENT).append("next: ").append(s.title()).append('\n');
            if (!s.hint().isBlank()) {
                List<String> lines = TestRecord.wrap(s.hint(), 80);
                for (int i = 0; i < lines.size(); i++) {
                    b.append(INDENT).append(i == 0 ? "hint: " : "      ").append(lines.get(i)).append('\n');
                }
            }
            if (s.state() == State.FAILING && !s.firstFailure().isBlank()) {
                String f = s.firstFailure().length() > 240 ? s.firstFailure().substring(0, 240) + " ..." : s.firstFailure();
                List<String> lines = TestRecord.wrap(f, 80);
                for (int i = 0; i < lines.size(); i++) {
                    b.append(INDENT).append(i == 0 ? "fail: " : "      ").append(lines.get(i)).append('\n');
                }
            }
            b.append(INDENT).append("more: ").append(k.directory()).append("/README.md, section \"Step ")
                    .append(s.number()).append("\"\n");
        });
    }

    private static String mark(State state) {
        return switch (state) {
            case DONE -> "[done]";
            case NOT_STARTED -> "[todo]";
            case FAILING -> "[failing]";
            case NOT_RUN -> "[not run]";
        };
    }
}
