package katas.racycounter;

/** KNOWN WRONG: each worker counts with k <= incrementsEach: one increment too many each. */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        NaiveCounter[] counters = new NaiveCounter[workers];
        Workers.runInParallel(workers, i -> {
            NaiveCounter mine = new NaiveCounter();
            counters[i] = mine;
            for (long k = 0; k <= incrementsEach; k++) {
                mine.increment();
            }
        });
        long total = 0;
        for (NaiveCounter c : counters) {
            total += c.get();
        }
        return total;
    }
}
