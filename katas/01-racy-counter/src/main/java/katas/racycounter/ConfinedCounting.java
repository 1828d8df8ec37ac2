package katas.racycounter;

import katas.kit.Kata;

/**
 * Step 6: thread confinement, what the lesson's processes did. Nothing is shared while counting:
 * each worker counts on a counter of its own that no other thread touches, and the results are
 * added up once, after every worker has finished.
 */
public final class ConfinedCounting {

    private ConfinedCounting() {
    }

    /**
     * Runs {@code workers} threads that each count to {@code incrementsEach}, each on its own
     * {@link NaiveCounter}, and returns the sum of their counts.
     *
     * @throws IllegalArgumentException if {@code workers < 1} or {@code incrementsEach < 0}
     */
    public static long countConfined(int workers, long incrementsEach) throws Exception {
        // TODO step 6: give each worker its own NaiveCounter (an array slot per worker works well),
        //  run the workers with Workers.runInParallel, then add up the counters.
        throw Kata.todo("ConfinedCounting.countConfined: one counter per worker, then add them up after the join");
    }
}
