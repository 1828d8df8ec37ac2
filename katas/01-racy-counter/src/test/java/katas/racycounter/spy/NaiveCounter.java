package katas.racycounter.spy;

/**
 * Step 6's stand-in for the learner's {@code NaiveCounter}: it counts the same way, and tells {@link Watch} which
 * thread counts on which counter, and when a worker reads its own finished count. Not a class of the learner's
 * program: {@code ConfinementSpy} loads it under the name {@code katas.racycounter.NaiveCounter}, for the learner's
 * {@code ConfinedCounting} only. So that the renaming is a change of its own name and nothing else, it has no lambda,
 * no nested class, and no field, parameter or result of its own type.
 *
 * <p>Concurrency: as the naive counter, one thread at a time; {@link Watch} notices when two threads count on one.
 */
public final class NaiveCounter {

    private volatile long value;
    private volatile Thread owner;
    private boolean combined;

    public void increment() {
        Thread me = Thread.currentThread();
        Thread first = owner;
        if (first == null) {
            owner = me;
            Watch.counting(me);
        } else if (first != me) {
            Watch.shared();
        }
        value = value + 1;
    }

    public long get() {
        long seen = value;
        if (!combined && seen == Watch.each() && Thread.currentThread() == owner) {
            // The worker reads its own finished count: the combine step. Wait here until every worker is here.
            combined = true;
            Watch.combining();
        }
        return seen;
    }
}
