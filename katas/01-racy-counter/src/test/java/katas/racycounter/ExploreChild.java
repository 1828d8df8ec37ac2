package katas.racycounter;

import katas.testkit.explore.Explorer;

/**
 * A child JVM that explores the interleavings of two threads that increment one new counter once each
 * ({@link Explorer}): first the canary ({@link RacyCanary}), then the counter class named by its one argument, both
 * made and called the same way: each counter's class is first loaded inside the exploration, where the model
 * checker instruments it. Prints the verdict for {@link Explorer.Verdict#parse}.
 */
public final class ExploreChild {

    private ExploreChild() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ExploreChild <counter class>");
        }
        Subject canary = Subject.canary();
        Subject subject = Subject.named(args[0]);
        Explorer.main(
                "counter (a volatile read, then a separate write)",
                () -> twoIncrements(canary),
                () -> twoIncrements(subject),
                System.out);
        System.exit(0); // now, even if a thread of a stuck scenario is left
    }

    /** Two threads increment one new counter once each; after both joined, get() must be 2. */
    static void twoIncrements(Subject subject) {
        Subject.Counter counter = subject.create();
        Thread first = new Thread(counter::increment);
        Thread second = new Thread(counter::increment);
        first.start();
        second.start();
        try {
            first.join();
            second.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long counted = counter.get();
        if (counted != 2) {
            throw new AssertionError("each thread incremented once, and get() returned " + counted + ", not 2");
        }
    }
}
