package katas.racycounter;

import java.util.concurrent.atomic.LongAdder;

/** KNOWN RIGHT: each worker counts alone, then adds its count to a LongAdder itself: one atomic add each. */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        LongAdder total = new LongAdder();
        Workers.runInParallel(workers, i -> {
            NaiveCounter mine = new NaiveCounter();
            for (long k = 0; k < incrementsEach; k++) {
                mine.increment();
            }
            total.add(mine.get());
        });
        return total.sum();
    }
}
