package katas.racycounter;

/** KNOWN WRONG: "confinement" with one counter that every worker shares. */
public final class ConfinedCounting {

    private ConfinedCounting() {}

    public static long countConfined(int workers, long incrementsEach) throws Exception {
        if (workers < 1 || incrementsEach < 0) {
            throw new IllegalArgumentException("need workers >= 1 and incrementsEach >= 0");
        }
        NaiveCounter shared = new NaiveCounter();
        Workers.runInParallel(workers, i -> {
            for (long k = 0; k < incrementsEach; k++) {
                shared.increment();
            }
        });
        return shared.get();
    }
}
