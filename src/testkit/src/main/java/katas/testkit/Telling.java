package katas.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test whose failure names a mistake better than the failures the same mistake causes in other tests
 * of its step.
 *
 * <p>One mistake often fails several tests of a step: a {@code close()} that leaves the socket open fails the
 * test of {@code close()} and also a test of {@code receive} that closes at its end. The board shows one
 * failure per step; it ranks them so that the learner reads the one that names the mistake:
 * <ol>
 *   <li>a failure of a {@code @Telling} test;</li>
 *   <li>an assertion's failure (an {@link AssertionError}, a message the test wrote);</li>
 *   <li>any other exception (the learner's code threw it);</li>
 *   <li>a timeout (the step's remaining tests are not run after one: a mistake that hangs would
 *       otherwise cost a timeout per test).</li>
 * </ol>
 * Within a rank, the first in the step's order. Put it on the test that checks the concept directly, not on
 * every test: a step where every test is telling ranks like a step where none is.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Telling {}
