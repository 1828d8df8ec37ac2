package katas.racycounter;

import java.util.ArrayList;
import java.util.List;

/** KNOWN WRONG: workers add their counts to a plain ArrayList, which is not thread-safe: an add can be lost. */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        List<Long> counts = new ArrayList<>();
        Workers.runInParallel(workers, i -> {
            NaiveCounter mine = new NaiveCounter();
            for (long k = 0; k < incrementsEach; k++) {
                mine.increment();
            }
            counts.add(mine.get());
        });
        long total = 0;
        for (Long c : counts) {
            total += c;
        }
        return total;
    }
}
