package katas.racycounter;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A counter under test, whatever its class: how to make one, increment it and read it, and the concept each kind of
 * failure breaks (one sentence and the hint to read; the hints list the causes). Test code only; the learner's
 * classes need no common interface.
 *
 * @param name    the class name, for messages
 * @param lost    said when a shared counter counts wrong
 * @param stale   said when a reader on another thread does not see the count grow
 * @param stuck   said when a thread stops moving in it
 * @param reads   said when reading the counter changes it
 * @param factory makes a new, zero counter
 */
record Subject(String name, String lost, String stale, String stuck, String reads, Supplier<Counter> factory) {

    /** The two operations every counter of the kata has, and a reader's loop on the second. */
    interface Counter {
        void increment();

        long get();

        /**
         * Calls {@code get()} in a tight loop until it returns {@code target} or more, the value goes down, or
         * {@link System#nanoTime()} passes {@code deadlineNanos}. Each subject writes this loop with a direct call on
         * its own counter class, so that the JIT compiles and inlines {@code get()} into it as it would in a
         * learner's program (a call through this interface could not be inlined, and would hide what the JIT does
         * to a read without a lock).
         */
        Reading readUntil(long target, long deadlineNanos);
    }

    /** {@link Counter#readUntil}, for one counter class. */
    interface Reader {
        Reading readUntil(long target, long deadlineNanos);
    }

    /**
     * What a reader saw.
     *
     * @param last   the last value get() returned
     * @param before the highest value it returned before {@code last}, when {@code last} is lower (the count went
     *               down); otherwise -1
     */
    record Reading(long last, long before) {
        boolean wentDown() {
            return before >= 0;
        }
    }

    // Each text names the one concept a failure breaks and the hint that lists its usual causes (README, steps 3-5).

    static final String SYNCHRONIZED_LOST =
            "Every thread must lock the same object around the read and the write together; no increment may be"
                    + " skipped (step 3, Hint 3).";

    static final String SYNCHRONIZED_STALE =
            "A get() without the lock has no happens-before edge from the writer (step 3, Hint 2).";

    static final String SYNCHRONIZED_STUCK =
            "A lock was never released: every lock() needs its unlock(), in a finally block (step 3, Hint 3).";

    static final String ATOMIC_LOST = "An increment must be one atomic read-modify-write (incrementAndGet()): a read"
            + " then a separate write, even on a volatile, lets another thread in between (step 4, Hint 3).";

    static final String ATOMIC_STALE =
            "get() must read with the AtomicLong's get(), a volatile read, not a plain one (step 4, Hint 2).";

    static final String ATOMIC_STUCK =
            "A compareAndSet() retry loop must read the value again before every retry (step 4, Hint 3).";

    static final String ATOMIC_READS = "get() must only read: get(), not getAndIncrement() (step 4, Hint 3).";

    static final String ADDER_LOST =
            "Every thread must add to one LongAdder, with one call, and get() return its sum() (step 5, Hint 3).";

    static final String ADDER_STALE = "get() must return the adder's sum() (step 5, Hint 2).";

    static final String ADDER_STUCK = "A LongAdder never waits: something else in the counter does.";

    static final String ADDER_READS = "get() must only read the adder: sum(), not sumThenReset() (step 5, Hint 3).";

    static final String NAIVE_READS = "get() must only return the value: no write in it.";

    static Subject naive() {
        return new Subject("NaiveCounter", "", "", "", NAIVE_READS, () -> {
            NaiveCounter c = new NaiveCounter();
            return counter(c::increment, c::get, (target, deadline) -> {
                long highest = -1;
                long seen;
                while ((seen = c.get()) < target && System.nanoTime() - deadline < 0) {
                    if (seen < highest) {
                        return new Reading(seen, highest);
                    }
                    highest = seen;
                }
                return new Reading(seen, -1);
            });
        });
    }

    static Subject synchronizedCounter() {
        return new Subject(
                "SynchronizedCounter",
                SYNCHRONIZED_LOST,
                SYNCHRONIZED_STALE,
                SYNCHRONIZED_STUCK,
                "get() must only read the value, under the lock.",
                () -> {
                    SynchronizedCounter c = new SynchronizedCounter();
                    return counter(c::increment, c::get, (target, deadline) -> {
                        long highest = -1;
                        long seen;
                        while ((seen = c.get()) < target && System.nanoTime() - deadline < 0) {
                            if (seen < highest) {
                                return new Reading(seen, highest);
                            }
                            highest = seen;
                        }
                        return new Reading(seen, -1);
                    });
                });
    }

    static Subject atomic() {
        return new Subject("AtomicCounter", ATOMIC_LOST, ATOMIC_STALE, ATOMIC_STUCK, ATOMIC_READS, () -> {
            AtomicCounter c = new AtomicCounter();
            return counter(c::increment, c::get, (target, deadline) -> {
                long highest = -1;
                long seen;
                while ((seen = c.get()) < target && System.nanoTime() - deadline < 0) {
                    if (seen < highest) {
                        return new Reading(seen, highest);
                    }
                    highest = seen;
                }
                return new Reading(seen, -1);
            });
        });
    }

    static Subject adder() {
        return new Subject("AdderCounter", ADDER_LOST, ADDER_STALE, ADDER_STUCK, ADDER_READS, () -> {
            AdderCounter c = new AdderCounter();
            return counter(c::increment, c::get, (target, deadline) -> {
                long highest = -1;
                long seen;
                while ((seen = c.get()) < target && System.nanoTime() - deadline < 0) {
                    if (seen < highest) {
                        return new Reading(seen, highest);
                    }
                    highest = seen;
                }
                return new Reading(seen, -1);
            });
        });
    }

    /**
     * The explorer's canary ({@link RacyCanary}), made and called the way the learner's counters are, so that the
     * model checker meets it exactly as it meets theirs.
     */
    static Subject canary() {
        return new Subject("RacyCanary", "", "", "", NAIVE_READS, () -> {
            RacyCanary c = new RacyCanary();
            return counter(c::increment, c::get, (target, deadline) -> new Reading(c.get(), -1));
        });
    }

    /** The subject of the counter class with this simple name (for a child JVM, which gets the name as an argument). */
    static Subject named(String name) {
        return Stream.of(naive(), synchronizedCounter(), atomic(), adder(), canary())
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no counter class named '" + name + "'"));
    }

    /** The fully qualified name of the counter class. */
    String className() {
        return Subject.class.getPackageName() + "." + name;
    }

    private static Counter counter(Runnable increment, LongSupplier get, Reader reader) {
        return new Counter() {
            @Override
            public void increment() {
                increment.run();
            }

            @Override
            public long get() {
                return get.getAsLong();
            }

            @Override
            public Reading readUntil(long target, long deadlineNanos) {
                return reader.readUntil(target, deadlineNanos);
            }
        };
    }

    Counter create() {
        return factory.get();
    }

    /**
     * Shares one new counter between {@code threads} threads that each increment it {@code each} times; returns it.
     * See {@link Hammer#run}: a counter that stops moving for {@code stall} fails with the place it stopped at.
     */
    Counter hammer(int threads, long each, Duration stall) throws Exception {
        return Hammer.run(this, threads, each, stall);
    }

    /**
     * What a shared counter's wrong total says about the mistake: for the message of a test that shared one counter
     * between {@code threads} threads, {@code each} increments each, and read {@code total} after joining them.
     */
    String wrongTotal(int threads, long each, long total) {
        long expected = threads * each;
        long missing = expected - total;
        if (missing < 0) {
            return String.format("it counted %,d too many. %s", -missing, reads);
        }
        if (total == 0) {
            return String.format("get() returned 0: it sees none of the %,d increments. %s", expected, lost);
        }
        if (total % each == 0) {
            return String.format(
                    "%,d updates were lost: the count is the increments of %d of the %d threads. %s",
                    missing, total / each, threads, lost);
        }
        return String.format("%,d updates were lost: increments overlapped or were skipped. %s", missing, lost);
    }

    @Override
    public String toString() {
        return name;
    }
}
