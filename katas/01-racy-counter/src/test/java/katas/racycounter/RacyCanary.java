package katas.racycounter;

/**
 * The explorer's canary ({@link ExploreChild}): a counter known to lose updates, a volatile read and then a separate
 * write, as the naive counter of step 2. Its scenario runs exactly as the learner's counter's does, so a model
 * checker that does not catch it would not catch the learner's mistake either, and is not trusted.
 */
public final class RacyCanary {

    private volatile long value;

    public void increment() {
        long seen = value;
        value = seen + 1;
    }

    public long get() {
        return value;
    }
}
