package katas.racycounter;

import katas.kit.Kata;

/**
 * Step 6: thread confinement, what the lesson's processes did. Nothing is shared while counting:
 * each worker counts on a counter of its own that no other thread touches, and the results are
 * added up once, after every worker has finished.
 */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    /**
     * Runs {@code workers} threads that each count to {@code incrementsEach}, each on its own
     * {@link NaiveCounter}, and returns the sum of their counts.
     *
     * @throws IllegalArgumentException if {@code workers < 1} or {@code incrementsEach < 0}
     */
    public static long countConfined(int workers, long incrementsEach) throws Exception {
        // TODO step 6: with Workers.runInParallel, let each worker make its own NaiveCounter, put it in a
        //  slot of its own (a NaiveCounter[] with one slot per worker), and count on it; add the counters up
        //  after runInParallel returns.
        throw Kata.todo("ConfinedCounting.countConfined: one counter per worker, then add them up after the join");
    }
}
