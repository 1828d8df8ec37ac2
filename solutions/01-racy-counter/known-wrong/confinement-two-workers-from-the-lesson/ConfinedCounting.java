package katas.racycounter;

/** KNOWN WRONG: always runs 2 workers, as in the lesson, whatever number it is given. */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        NaiveCounter[] counters = new NaiveCounter[2];
        Workers.runInParallel(2, i -> {
            NaiveCounter mine = new NaiveCounter();
            counters[i] = mine;
            for (long k = 0; k < incrementsEach; k++) {
                mine.increment();
            }
        });
        return counters[0].get() + counters[1].get();
    }
}
