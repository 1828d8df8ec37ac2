package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN WRONG: workers combine into an AtomicLong with get() then set(): two atomic calls, not one atomic add. */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        AtomicLong total = new AtomicLong();
        Workers.runInParallel(workers, i -> {
            NaiveCounter mine = new NaiveCounter();
            for (long k = 0; k < incrementsEach; k++) {
                mine.increment();
            }
            total.set(total.get() + mine.get());
        });
        return total.get();
    }
}
