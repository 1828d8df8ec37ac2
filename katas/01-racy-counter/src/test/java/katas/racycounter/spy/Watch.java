package katas.racycounter.spy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What step 6's stand-in {@link NaiveCounter} saw during one call of the learner's {@code countConfined}: which threads
 * counted, whether a counter was shared, and whether the workers met at the combine step. With the rendezvous on, a
 * worker that reads its own finished count waits there (spinning, within a bound) until every worker has read its
 * own, and all go on at one moment ({@value #GO_DELAY_NANOS} ns after the last one came): whatever they do next
 * with their counts, the workers that are on a CPU then do at the same time. A
 * combine step that adds into a shared variable with a read and a separate write ({@code total[0] += mine.get()}: Java
 * reads {@code total[0]} before it calls {@code get()}) then loses counts every time, on any number of CPUs.
 *
 * <p>Concurrency: one call at a time ({@link #start} to {@link #end}); the counters call in from any thread.
 */
public final class Watch {

    /** How long after the last worker arrives they all go on: long enough for every waiting worker to see it. */
    static final long GO_DELAY_NANOS = 50_000;

    private static final boolean ONE_CPU = Runtime.getRuntime().availableProcessors() == 1;

    private static volatile Call call;

    private Watch() {}

    /** One call of {@code countConfined}, as the counters saw it. */
    public static final class Call {
        private final int workers;
        private final long each;
        private final boolean rendezvous;
        private final long waitNanos;
        private final Set<Thread> counting = ConcurrentHashMap.newKeySet();
        private final AtomicInteger combining = new AtomicInteger();
        private volatile boolean shared;
        private volatile boolean gaveUp;
        private volatile long goAt;

        Call(int workers, long each, boolean rendezvous, long waitNanos) {
            this.workers = workers;
            this.each = each;
            this.rendezvous = rendezvous;
            this.waitNanos = waitNanos;
        }

        /** The threads that incremented a counter. */
        public Set<Thread> counting() {
            return Set.copyOf(counting);
        }

        /** Whether a counter was incremented by two threads. */
        public boolean shared() {
            return shared;
        }

        /** How many workers read their own finished count in their own thread (the combine step in the workers). */
        public int combining() {
            return combining.get();
        }

        /** Whether a worker waited in vain for the others at the combine step (they could not get there: a lock?). */
        public boolean gaveUp() {
            return gaveUp;
        }
    }

    /**
     * Starts watching a call of {@code countConfined(workers, each)}.
     *
     * @param rendezvous whether workers that read their own finished count wait for each other
     * @param waitMillis how long a worker waits there at most
     */
    public static Call start(int workers, long each, boolean rendezvous, long waitMillis) {
        Call c = new Call(workers, each, rendezvous, waitMillis * 1_000_000);
        call = c;
        return c;
    }

    /** Stops watching. */
    public static void end() {
        call = null;
    }

    public static long each() {
        Call c = call;
        return c == null ? -1 : c.each;
    }

    public static void counting(Thread t) {
        Call c = call;
        if (c != null) {
            c.counting.add(t);
        }
    }

    public static void shared() {
        Call c = call;
        if (c != null) {
            c.shared = true;
        }
    }

    public static void combining() {
        Call c = call;
        if (c == null) {
            return;
        }
        if (c.combining.incrementAndGet() == c.workers && c.rendezvous) {
            c.goAt = System.nanoTime() + GO_DELAY_NANOS; // the last one here names the moment they all go on
        }
        if (!c.rendezvous) {
            return;
        }
        long deadline = System.nanoTime() + c.waitNanos;
        int spins = 0;
        long go;
        while ((go = c.goAt) == 0) {
            if (c.gaveUp || System.nanoTime() - deadline > 0) {
                c.gaveUp = true;
                return;
            }
            if (ONE_CPU && ++spins >= 1_000) {
                Thread.yield(); // one CPU: let the workers that are not here yet run
            } else {
                Thread.onSpinWait(); // more: stay on the CPU (a yield on a busy machine may give it away for long)
            }
        }
        while (System.nanoTime() - go < 0) {
            Thread.onSpinWait(); // every worker that is on a CPU goes on at the same nanosecond, give or take
        }
    }
}
