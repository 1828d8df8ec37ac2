package katas.racycounter;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * jcstress tests of the kata's counters, on the learner's own classes: two threads increment one
 * counter once each, then the arbiter reads it. "2" is right; "1" is the lost update.
 *
 * <p>The four tests are identical but for the counter, as in jcstress-samples: "1" is the race the naive
 * counter must show, and the race each fix must never show. Run them with
 * {@code ./mvnw test -Pjcstress -pl katas/01-racy-counter -am}; {@link RaceProofsTest} runs them and gates on them.
 * How often the race shows: docs/measurements.md, "Race proof: kata 01 counters".
 */
public class RacyCounterStress {

    private RacyCounterStress() {}

    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments counted")
    @Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "lost update: both threads read 0 and both wrote 1")
    @State
    public static class Naive {
        final NaiveCounter counter = new NaiveCounter();

        @Actor
        public void actor1() {
            counter.increment();
        }

        @Actor
        public void actor2() {
            counter.increment();
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = counter.get();
        }
    }

    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments counted")
    @Outcome(id = "1", expect = FORBIDDEN, desc = "lost update: both threads read 0 and both wrote 1")
    @State
    public static class Synchronized {
        final SynchronizedCounter counter = new SynchronizedCounter();

        @Actor
        public void actor1() {
            counter.increment();
        }

        @Actor
        public void actor2() {
            counter.increment();
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = counter.get();
        }
    }

    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments counted")
    @Outcome(id = "1", expect = FORBIDDEN, desc = "lost update: both threads read 0 and both wrote 1")
    @State
    public static class Atomic {
        final AtomicCounter counter = new AtomicCounter();

        @Actor
        public void actor1() {
            counter.increment();
        }

        @Actor
        public void actor2() {
            counter.increment();
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = counter.get();
        }
    }

    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments counted")
    @Outcome(id = "1", expect = FORBIDDEN, desc = "lost update: both threads read 0 and both wrote 1")
    @State
    public static class Adder {
        final AdderCounter counter = new AdderCounter();

        @Actor
        public void actor1() {
            counter.increment();
        }

        @Actor
        public void actor2() {
            counter.increment();
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = counter.get();
        }
    }
}
