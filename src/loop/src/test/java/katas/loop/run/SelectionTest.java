package katas.loop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("-Dtest selection, Surefire's syntax")
class SelectionTest {

    static final String STEP2 = "katas.racycounter.Step02_LostUpdateTest";

    @Test
    @DisplayName("globs on the simple or full class name, lists, methods")
    void picks() {
        assertThat(Selection.parse("Step02*").picks(STEP2, "x")).isTrue();
        assertThat(Selection.parse("Step03*").picks(STEP2, "x")).isFalse();
        assertThat(Selection.parse("Step03*, Step02*").picks(STEP2, "x")).isTrue();
        assertThat(Selection.parse("katas.racycounter.*").picks(STEP2, "x")).isTrue();
        assertThat(Selection.parse("Step02*#loses*").picks(STEP2, "losesUpdatesWhenShared"))
                .isTrue();
        assertThat(Selection.parse("Step02*#counts*").picks(STEP2, "losesUpdatesWhenShared"))
                .isFalse();
        assertThat(Selection.parse("Step02_LostUpdateTest.java").picks(STEP2, "x"))
                .isTrue();
    }

    @Test
    @DisplayName("empty, blank or Maven's unreplaced ${test} pick every test")
    void all() {
        assertThat(Selection.parse("").isAll()).isTrue();
        assertThat(Selection.parse("${test}").isAll()).isTrue();
        assertThat(Selection.parse(null).picks(STEP2, "x")).isTrue();
    }

    @Test
    @DisplayName("a pattern no class could match is refused with an example")
    void bad() {
        assertThatThrownBy(() -> Selection.parse("Step 02")).hasMessageContaining("Step03*");
        assertThatThrownBy(() -> Selection.parse("!Step02*")).hasMessageContaining("exclusions");
    }
}
