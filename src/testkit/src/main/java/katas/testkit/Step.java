package katas.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Marks a top-level test class as one step of a kata.
 *
 * <p>The conventions every kata follows:
 * <ul>
 *   <li>one step, one class, named {@code StepNN_What} so that steps sort in order;</li>
 *   <li>a {@link org.junit.jupiter.api.DisplayName @DisplayName} sentence on the class and on each
 *       test: the board and the IDE show them;</li>
 *   <li>{@link #hint()} is the first, gentlest hint; the kata's README has more, growing more specific;</li>
 *   <li>every test is bounded: 60 seconds unless the test says less (a stub must fail in
 *       milliseconds; the integrity check enforces it).</li>
 * </ul>
 * A step is done when every test in it passes.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public @interface Step {

    /** The step number, from 1, in the order the learner should take the steps. */
    int value();

    /** The first hint, one or two sentences; shown on the board when this step is the next one. */
    String hint();
}
