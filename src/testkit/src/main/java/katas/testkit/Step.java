package katas.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a top-level test class as one step of a kata.
 *
 * <p>The conventions every kata follows:
 * <ul>
 *   <li>one step, one class, named {@code StepNN_What} so that steps sort in order;</li>
 *   <li>a {@link org.junit.jupiter.api.DisplayName @DisplayName} sentence on the class ({@code "Step N: ..."}) and on
 *       each test: the board and the IDE show them;</li>
 *   <li>the step's hints live in one place, the kata's README, under {@code ### Step N: ...}, as bullets
 *       {@code * Hint 1: ...}, gentlest first; the board shows them from there;</li>
 *   <li>every test is bounded: the default timeout is set once, in the testkit's {@code junit-platform.properties};
 *       a test that needs more or less says so with its own {@code @Timeout}.</li>
 * </ul>
 * A step is done when every test in it passes.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Step {

    /** The step number, from 1, in the order the learner should take the steps. */
    int value();
}
