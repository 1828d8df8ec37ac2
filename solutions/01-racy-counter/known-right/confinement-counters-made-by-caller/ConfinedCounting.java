package katas.racycounter;

/**
 * KNOWN RIGHT: the calling thread makes every counter before the workers start (side by side in memory: false
 * sharing makes it slower, not wrong); worker i counts only on counter i; the sum after the join.
 */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        NaiveCounter[] counters = new NaiveCounter[workers];
        for (int i = 0; i < workers; i++) {
            counters[i] = new NaiveCounter();
        }
        Workers.runInParallel(workers, i -> {
            for (long k = 0; k < incrementsEach; k++) {
                counters[i].increment();
            }
        });
        long total = 0;
        for (NaiveCounter c : counters) {
            total += c.get();
        }
        return total;
    }
}
