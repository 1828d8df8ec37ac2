package katas.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExpectTest {

    @Test
    @DisplayName("a call that returns normally fails with the lesson, not only 'Expecting code to raise'")
    void lessonShownWhenNothingThrown() {
        Throwable failure = catchThrowable(() -> Expect.thrownBy("a full inbox makes put wait, then time out", () -> {})
                .isInstanceOf(IllegalStateException.class));
        assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a full inbox makes put wait, then time out")
                .hasMessageContaining("nothing was thrown");
    }

    @Test
    @DisplayName("a wrong exception fails with the lesson in front of AssertJ's message")
    void lessonShownOnWrongType() {
        Throwable failure = catchThrowable(() -> Expect.thrownBy("sizes are checked", () -> {
                    throw new IllegalStateException("boom");
                })
                .isInstanceOf(IllegalArgumentException.class));
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("[sizes are checked]");
    }

    @Test
    @DisplayName("the right exception passes and can be asserted further")
    void rightExceptionPasses() {
        Expect.thrownBy("sizes are checked", () -> {
                    throw new IllegalArgumentException("size -1");
                })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
