package katas.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a top-level test class as one step of a kata; a step is done when every test in it passes. Conventions: one
 * step, one class, named {@code StepNN_What} so that steps sort in order; a {@link org.junit.jupiter.api.DisplayName
 * @DisplayName} sentence on the class ({@code "Step N: ..."}) and on each test; the step's hints in the kata's README
 * under {@code ### Step N: ...}, as bullets {@code * Hint 1: ...}, gentlest first; every test bounded (the default
 * timeout is in the testkit's {@code junit-platform.properties}; a test that needs another says so with
 * {@code @Timeout}).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Step {

    /** The step number, from 1, in the order the learner should take the steps. */
    int value();
}
