package katas.racycounter;

import katas.testkit.explore.Explorer;
import katas.testkit.explore.ExplorerJvm;

/**
 * A child JVM that explores the interleavings of two threads that increment one new counter once each
 * ({@link Explorer}): first the canary ({@link RacyCanary}), then the counter class named by its one argument, both
 * made and called the same way: each counter's class is first loaded inside the exploration, where the model
 * checker instruments it. Prints the verdict for {@link Explorer.Verdict#parse}.
 */
public final class ExploreChild {

    static final String CANARY = "counter (a volatile read, then a separate write)";

    private ExploreChild() {}

    public static void main(String[] args) throws java.io.IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ExploreChild <counter class> | " + ExplorerJvm.SERVE);
        }
        Subject canary = Subject.canary();
        if (args[0].equals(ExplorerJvm.SERVE)) { // watch mode's warm explorer: the canary now, counters on request
            Explorer.serve(
                    CANARY,
                    () -> twoIncrements(canary),
                    ExploreChild::twoLockedIncrements,
                    name -> () -> twoIncrements(Subject.named(name)),
                    name -> Subject.named(name).className(),
                    Explorer.INVOCATIONS,
                    java.nio.file.Path.of(System.getProperty("katas.explorer.classes")),
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                    System.out);
            System.exit(0);
        }
        Subject subject = Subject.named(args[0]);
        Explorer.main(CANARY, () -> twoIncrements(canary), () -> twoIncrements(subject), System.out);
        System.exit(0); // now, even if a thread of a stuck scenario is left
    }

    /** The warm-up of a warm explorer: {@link #twoIncrements} on the canary, made correct by one lock. */
    static void twoLockedIncrements() {
        Subject.Counter racy = Subject.canary().create();
        Object lock = new Object();
        Runnable increment = () -> {
            synchronized (lock) {
                racy.increment();
            }
        };
        Thread first = new Thread(increment);
        Thread second = new Thread(increment);
        first.start();
        second.start();
        try {
            first.join();
            second.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (lock) {
            if (racy.get() != 2) {
                throw new AssertionError("warm-up: get() returned " + racy.get() + ", not 2");
            }
        }
    }

    /** Two threads increment one new counter once each; after both joined, get() must be 2. */
    static void twoIncrements(Subject subject) {
        Subject.Counter counter = subject.create();
        Thread first = new Thread(counter::increment);
        Thread second = new Thread(counter::increment);
        first.start();
        second.start();
        try {
            first.join();
            second.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long counted = counter.get();
        if (counted != 2) {
            throw new AssertionError("each thread incremented once, and get() returned " + counted + ", not 2");
        }
    }
}
