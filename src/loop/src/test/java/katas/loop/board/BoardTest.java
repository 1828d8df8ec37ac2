package katas.loop.board;

import static katas.loop.progress.Fixtures.failed;
import static katas.loop.progress.Fixtures.kata;
import static katas.loop.progress.Fixtures.notRun;
import static katas.loop.progress.Fixtures.passed;
import static katas.loop.progress.Fixtures.step;
import static katas.loop.progress.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import katas.loop.progress.Hints;
import katas.loop.progress.KataProgress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Board: short, the next step in detail, the way to the next hint in the last line")
class BoardTest {

    static final Map<String, String> NOW = Map.of("a/Counter.java", "h1");
    static final Hints HINTS = Hints.parse("""
            ### Step 1: one
            * Hint 1: Which object do both threads lock?
            * Hint 2: The same one.
            ### Step 2: two
            * Hint 1: Think about it.
            * Hint 2: More.
            * Hint 3: All of it.
            """);

    static Board.KataView view(KataProgress k) {
        return new Board.KataView(k, NOW, HINTS, "");
    }

    @Test
    @DisplayName("snapshot: two katas, the first one's next step a stub")
    void snapshot() {
        KataProgress one = kata(step(1, Map.of(), passed("1")), step(2, Map.of(), todo("2")));
        KataProgress two = new KataProgress(
                "02", "process queue", "katas/02-process-queue", List.of(step(1, Map.of(), todo("3"))), List.of(), "");
        String board = Board.render(List.of(view(one), view(two)), 1, false, "./mvnw test");
        assertThat(board).isEqualTo("""

                ================================================================================================
                  CONCURRENCY KATAS - YOUR PROGRESS
                ------------------------------------------------------------------------------------------------
                  01 racy counter               [##########..........] 1/2   next: Step 2: the title of step 2
                  02 process queue              [....................] 0/1   next: Step 1: the title of step 1
                ------------------------------------------------------------------------------------------------
                  NEXT  kata 01, Step 2: the title of step 2
                  todo  Counter.increment: guard it
                  hint  (1 of 3) Think about it.
                  more  katas/01-racy-counter/README.md, section "Step 2"
                ------------------------------------------------------------------------------------------------
                  0 of 2 katas done. Stuck? Hint 2: ./mvnw test -Dhint=2 (watch mode: type h, Enter)
                """);
    }

    @Test
    @DisplayName("one kata: every step with its mark; a failing step shows its failure; more hints on request")
    void oneKata() {
        KataProgress k = kata(
                step(1, Map.of("a/Counter.java", "old"), passed("1")),
                step(2, Map.of(), failed("2", "2 updates lost")),
                step(3, Map.of(), notRun("3")));
        String board = Board.render(List.of(view(k)), 2, true, "./mvnw test -pl katas/01-racy-counter -am");
        assertThat(board)
                .contains("KATA 01 racy counter")
                .contains("[changed]  Step 1: the title of step 1  (you changed Counter.java since)")
                .contains("[failing]  Step 2: the title of step 2")
                .contains("[not run]  Step 3: the title of step 3")
                .contains("fail  test 2: 2 updates lost")
                .contains("hint  (1 of 3) Think about it.")
                .contains("hint  (2 of 3) More.");
        assertThat(board.strip().lines().reduce((a, b) -> b).orElseThrow().strip())
                .isEqualTo(
                        "Kata 01: 0 of 3 steps done. Stuck? Hint 3: ./mvnw test -pl katas/01-racy-counter -am -Dhint=3"
                                + " (watch mode: type h, Enter)");
    }

    @Test
    @DisplayName("all done: the last line says so")
    void allDone() {
        String board = Board.render(List.of(view(kata(step(1, Map.of(), passed("1"))))), 1, false, "./mvnw test");
        assertThat(board.strip().lines().reduce((a, b) -> b).orElseThrow().strip())
                .isEqualTo("All 1 katas are done. Well done!");
        assertThat(board.lines().count()).isLessThan(12);
    }

    @Test
    @DisplayName("a kata that did not run shows the note instead of progress, and is not done")
    void note() {
        Board.KataView v = new Board.KataView(
                kata(step(1, Map.of(), passed("1"))), NOW, HINTS, "did not run in this build: did it compile?");
        String board = Board.render(List.of(v), 1, false, "./mvnw test");
        assertThat(board).contains("did not run in this build").contains("0 of 1 katas done");
    }
}
