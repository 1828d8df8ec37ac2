package katas.racycounter;

/** KNOWN WRONG: each worker counts alone, but then adds its count into one shared slot without a lock: total[0] += ... */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        long[] total = new long[1];
        Workers.runInParallel(workers, i -> {
            NaiveCounter mine = new NaiveCounter();
            for (long k = 0; k < incrementsEach; k++) {
                mine.increment();
            }
            total[0] += mine.get(); // the combine step is a read-modify-write on shared memory
        });
        return total[0];
    }
}
