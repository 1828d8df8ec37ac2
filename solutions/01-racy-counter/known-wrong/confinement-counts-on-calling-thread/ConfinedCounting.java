package katas.racycounter;

/** KNOWN WRONG: no workers at all: the calling thread counts workers x incrementsEach on one counter. Right total, no threads. */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        NaiveCounter counter = new NaiveCounter();
        for (long k = 0; k < workers * incrementsEach; k++) {
            counter.increment();
        }
        return counter.get();
    }
}
