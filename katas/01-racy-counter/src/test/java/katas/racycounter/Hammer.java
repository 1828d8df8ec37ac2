package katas.racycounter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shares one counter between threads, released together, and watches that the count keeps moving: the shared-counter
 * checks of steps 2 to 5 and 7 run through here.
 *
 * <p>A counter can make a thread wait or spin for ever inside {@code increment()}: a {@code lock()} with no
 * {@code unlock()}, a {@code compareAndSet} retry loop that never reads the value again. No test can stop such a
 * thread (a spinning thread ignores interrupts), so instead of a long timeout the watch ends the round as soon as no
 * thread has finished a batch of increments for the stall time, and says where the stuck thread is. The threads are
 * daemons; the steps that can meet a spinning counter run this in a child JVM ({@link CounterChild}), which ends with
 * its round, so a spinning thread never slows the tests that follow.
 */
final class Hammer {

    /** A thread publishes how far it got every this many increments (a power of two). */
    static final int BATCH = 1024;

    /** How many frames of a stuck thread's stack a message shows at most. */
    static final int FRAMES = 8;

    /** The learner's classes, where a stuck thread's stack is cut. */
    static final Set<String> LEARNER_CLASSES = Set.of(
            "NaiveCounter", "SynchronizedCounter", "AtomicCounter", "AdderCounter", "ConfinedCounting", "Workers");

    private Hammer() {}

    /**
     * Runs {@code threads} threads that each call {@code increment()} {@code each} times on one new counter of the
     * subject, all released at once, and returns the counter once every thread has finished.
     *
     * @throws Stuck if for {@code stall} no thread finished a batch of {@value #BATCH} increments (nor its last ones)
     * @throws AssertionError if a thread threw (the thread's throwable is the cause)
     */
    static Subject.Counter run(Subject subject, int threads, long each, Duration stall) throws Exception {
        Subject.Counter counter = subject.create();
        AtomicLongArray done = new AtomicLongArray(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> running = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread t = new Thread(
                    () -> {
                        try {
                            start.await(30, TimeUnit.SECONDS);
                            for (long k = 1; k <= each; k++) {
                                counter.increment();
                                if ((k & (BATCH - 1)) == 0) {
                                    done.lazySet(id, k);
                                }
                            }
                            done.set(id, each);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    subject + "-thread-" + i);
            t.setDaemon(true);
            running.add(t);
        }
        running.forEach(Thread::start);
        long lastSum = -1;
        long lastMove = System.nanoTime();
        for (Thread t : running) {
            while (t.isAlive()) {
                t.join(50);
                long sum = sum(done);
                long now = System.nanoTime();
                if (sum != lastSum) {
                    lastSum = sum;
                    lastMove = now;
                } else if (t.isAlive() && now - lastMove > stall.toNanos() && failure.get() == null) {
                    throw new Stuck(subject, threads, each, sum, stall, stuckThread(running, done, each));
                }
            }
        }
        Throwable first = failure.get();
        if (first != null) {
            throw new AssertionError(subject + ": a counting thread failed: " + first, first);
        }
        return counter;
    }

    private static long sum(AtomicLongArray done) {
        long sum = 0;
        for (int i = 0; i < done.length(); i++) {
            sum += done.get(i);
        }
        return sum;
    }

    /** The first thread that has not done all its increments, and where it is, cut after the learner's frames. */
    private static String stuckThread(List<Thread> threads, AtomicLongArray done, long each) {
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            if (t.isAlive() && done.get(i) < each) {
                return t.getName() + " (" + String.format(Locale.ROOT, "%,d", done.get(i)) + " increments done) at "
                        + String.join(" <- ", frames(t.getStackTrace()));
            }
        }
        return "(no thread left: it finished just now)";
    }

    /** The top frames of a stack, down to the last frame of a learner class among the first {@value #FRAMES}. */
    static List<String> frames(StackTraceElement[] stack) {
        List<String> frames = new ArrayList<>();
        int lastLearner = -1;
        for (int i = 0; i < Math.min(stack.length, FRAMES); i++) {
            frames.add(stack[i].toString());
            String cls = stack[i].getClassName();
            if (cls.startsWith("katas.racycounter.")
                    && LEARNER_CLASSES.contains(cls.substring("katas.racycounter.".length()))) {
                lastLearner = i;
            }
        }
        return lastLearner < 0 ? frames : frames.subList(0, lastLearner + 1);
    }

    /** A shared counter that stopped moving: some thread waits or spins for ever in it. */
    static final class Stuck extends Exception {
        private static final long serialVersionUID = 1L;

        Stuck(Subject subject, int threads, long each, long done, Duration stall, String where) {
            super(message(subject, threads, each, done, stall.toMillis(), where));
        }

        static String message(Subject subject, int threads, long each, long done, long stallMillis, String where) {
            return String.format(
                    Locale.ROOT,
                    "%s, %d threads x %,d increments: stopped at %,d of %,d for %.1f s, increment() never returned"
                            + " in some thread. Stuck: %s. %s",
                    subject,
                    threads,
                    each,
                    done,
                    threads * each,
                    stallMillis / 1000.0,
                    where,
                    subject.stuck());
        }
    }
}
