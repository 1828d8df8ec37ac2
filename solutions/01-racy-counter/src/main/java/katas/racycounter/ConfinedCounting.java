package katas.racycounter;

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
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException(
                    "need workers >= 1 and incrementsEach >= 0, got " + workers + " and " + incrementsEach);
        }
        NaiveCounter[] counters = new NaiveCounter[workers];
        Workers.runInParallel(workers, i -> {
            // Made in worker i's own thread, so it lands in that thread's allocation buffer, far from the other
            // workers' counters: made side by side by one thread, they would share a cache line (false sharing).
            NaiveCounter mine = new NaiveCounter();
            // Published before counting: an object that escapes cannot be dissolved into a register by the
            // JIT's escape analysis, so every increment stays a real load and store, as in the other approaches.
            counters[i] = mine;
            for (long k = 0; k < incrementsEach; k++) {
                mine.increment(); // only worker i ever touches this counter
            }
        });
        long total = 0;
        for (NaiveCounter c : counters) {
            total += c.get(); // safe: runInParallel joined every worker, and join makes their writes visible
        }
        return total;
    }
}
