package katas.racycounter;

/** KNOWN RIGHT: each worker counts alone, then adds its count to a shared total under a lock. */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        Object lock = new Object();
        long[] total = new long[1];
        Workers.runInParallel(workers, i -> {
            NaiveCounter mine = new NaiveCounter();
            for (long k = 0; k < incrementsEach; k++) {
                mine.increment();
            }
            synchronized (lock) {
                total[0] += mine.get();
            }
        });
        synchronized (lock) {
            return total[0];
        }
    }
}
