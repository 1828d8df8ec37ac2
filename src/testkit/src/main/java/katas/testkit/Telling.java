package katas.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test whose failure names a mistake better than the failures the same mistake causes in other tests of its
 * step (a {@code close()} that leaves the socket open fails the test of {@code close()}, and a test of {@code receive}
 * that closes at its end). The board shows one failure per step, ranked: a {@code @Telling} test's, then an assertion's
 * ({@link AssertionError}), then any other exception, then a timeout; within a rank, the first in the step's order.
 * Put it on the test that checks the concept directly, not on every test: a step where every test is telling ranks
 * like a step where none is.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Telling {}
