package katas.loop.board;

import static katas.loop.progress.Fixtures.kata;
import static katas.loop.progress.Fixtures.passed;
import static katas.loop.progress.Fixtures.step;
import static katas.loop.progress.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import katas.loop.progress.Hints;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    @DisplayName("every word of the board is in every language, with the same number of values to fill in")
    void sameKeysEverywhere() {
        Words en = Words.of("en");
        for (String lang : Words.LANGUAGES) {
            Words w = Words.of(lang);
            assertThat(w.keys()).as("keys of %s", lang).isEqualTo(en.keys());
            for (String key : en.keys()) {
                assertThat(placeholders(w.get0(key)))
                        .as("values to fill in '%s' (%s)", key, lang)
                        .isEqualTo(placeholders(en.get0(key)));
            }
        }
    }

    private static long placeholders(String pattern) {
        return pattern.replace("%n", "")
                .replace("%%", "")
                .chars()
                .filter(c -> c == '%')
                .count();
    }

    @Test
    @DisplayName("-Dkatas.lang=ko gives a Korean board; Korean hints come from README.ko.md's 단계 and 힌트")
    void koreanBoard() {
        Hints ko = Hints.parse("""
                ### 단계 1: 스레드
                * 힌트 1: join()이 무엇을 보장하나요?
                * 힌트 2: 모든 스레드를 먼저 시작하세요.
                """);
        Board.KataView view = new Board.KataView(
                kata(step(1, Map.of(), todo("a")), step(2, Map.of(), passed("b"))), Map.of(), ko, "");
        String board = Board.render(List.of(view), 1, false, "./mvnw test", Words.of("ko"));
        assertThat(board)
                .contains("동시성 카타 - 진행 상황", "할 일", "힌트", "(2개 중 1번째) join()이 무엇을 보장하나요?")
                .contains("막혔나요? 힌트 2: ./mvnw test -Dhint=2", "README.ko.md");
        String english = Board.render(List.of(view), 1, false, "./mvnw test", Words.english());
        assertThat(english).contains("CONCURRENCY KATAS - YOUR PROGRESS", "Stuck? Hint 2");
    }
}
