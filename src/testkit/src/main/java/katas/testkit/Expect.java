package katas.testkit;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on what a call throws that keep their lesson when nothing is thrown: AssertJ's
 * {@code assertThatThrownBy(code).as(lesson)} fails before {@code as} runs when {@code code} returns normally, so the
 * learner reads only "Expecting code to raise a throwable". Here the lesson comes first and is in every failure:
 * {@code Expect.thrownBy("put into a full inbox waits, then throws", () -> inbox.put(x, ms(50))).isInstanceOf(...)}.
 */
public final class Expect {

    private Expect() {}

    /**
     * Runs {@code code} and returns an assertion on what it threw, described by {@code lesson}.
     *
     * @param lesson what must happen and why, in the learner's words (shown with every failure)
     * @throws AssertionFailedError if {@code code} returned normally: the message is the lesson, then that
     *         nothing was thrown
     */
    public static AbstractThrowableAssert<?, ? extends Throwable> thrownBy(String lesson, ThrowingCallable code) {
        Throwable thrown = Assertions.catchThrowable(code);
        if (thrown == null) {
            throw new AssertionFailedError(lesson + "\n  but the call returned normally: nothing was thrown");
        }
        return Assertions.assertThat(thrown).as(lesson);
    }
}
