package katas.racycounter;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A counter under test, whatever its class: how to make one, increment it and read it, and what usually goes wrong
 * with it. Test code only; the learner's classes need no common interface.
 *
 * @param name    the class name, for messages
 * @param lost    why updates get lost with this kind of counter: said when a shared counter counts wrong
 * @param stale   why a reader on another thread may not see the count grow: said when it does not
 * @param stuck   why a thread may wait or spin for ever in it: said when a thread stops moving
 * @param reads   what get() must not do: said when reading the counter changes it
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

    static final String SYNCHRONIZED_LOST = "Every thread must lock the same object (this counter: make the methods"
            + " synchronized), around the read and the write together, in one synchronized block: a lock on some other"
            + " object (a new Object(), the current thread, a boxed Long that value++ replaces) protects nothing; a"
            + " read outside the lock, or the read and the write each in one synchronized block of its own, lets"
            + " another thread in between; and a tryLock() that gives up skips the increment.";

    static final String SYNCHRONIZED_STALE = "get() must take the same lock as increment() (make it synchronized"
            + " too): a get() without the lock, or with another lock, has no happens-before edge from the thread that"
            + " wrote the value, and may go on returning an old value.";

    static final String SYNCHRONIZED_STUCK = "A thread that waits for ever for a lock: every lock() needs its"
            + " unlock(), in a finally block (a synchronized block or method releases its lock by itself).";

    static final String ATOMIC_LOST = "Use one atomic read-modify-write: incrementAndGet(). volatile makes each read"
            + " and each write visible, but value++ on a volatile is still a read and then a separate write; get()"
            + " followed by set(), one compareAndSet() with no retry (a check-then-act), or a new AtomicLong(value + 1)"
            + " put in the field, drops the increment whenever another thread changed the value in between.";

    static final String ATOMIC_STALE = "get() must read with the AtomicLong's get() (a volatile read): getPlain(), or"
            + " a copy of the value in a plain field, has no happens-before edge from the thread that wrote the value,"
            + " and a reader's loop may go on returning an old value.";

    static final String ATOMIC_STUCK = "A compareAndSet() retry loop must read the value again before every retry:"
            + " compareAndSet(seen, seen + 1) with an old seen fails for ever once another thread has changed the"
            + " value, and the loop spins for ever. incrementAndGet() does the whole loop for you.";

    static final String ATOMIC_READS =
            "get() must only read the AtomicLong: get(), not getAndIncrement() or" + " incrementAndGet().";

    static final String ADDER_LOST = "All threads must add to the one LongAdder in a final field, with one call"
            + " (increment() or add(1)), and get() must return its sum(). Reading sum(), then reset() then add() is a"
            + " read and a separate write again: updates are lost between them. An adder made on first use"
            + " (if (adder == null) ...) is a check-then-act: two threads may each make one, and one is lost (make it in"
            + " a final field). An adder per thread (a ThreadLocal) leaves the other threads' increments out of get():"
            + " every thread must add to one LongAdder.";

    static final String ADDER_STALE = "get() must return the adder's sum().";

    static final String ADDER_STUCK =
            "A LongAdder's increment() and sum() never wait: something else in the counter" + " does.";

    static final String ADDER_READS =
            "get() must only read the adder: sum(), not sumThenReset() (which sets it" + " back to 0), and no reset().";

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

    /** Everything that usually goes wrong with this counter, for a failure that could be any of it. */
    String mistakes() {
        return String.join(" ", lost, stale).strip();
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
            return String.format(
                    "it counted %,d too many: each increment must add exactly one, and get() must only read. %s",
                    -missing, reads);
        }
        if (total == 0) {
            return String.format(
                    "get() returned 0 after all %d threads had finished: it sees none of their %,d increments, so"
                            + " %,d updates were lost to it. %s",
                    threads, expected, missing, lost);
        }
        if (total % each == 0) {
            return String.format(
                    "%,d updates were lost: the count is exactly the increments of %d of the %d threads, as if the"
                            + " others counted somewhere get() does not read. %s",
                    missing, total / each, threads, lost);
        }
        return String.format(
                "%,d updates were lost: increments overlapped and one undid the other (two threads read the same"
                        + " value, both wrote it back plus one), or were skipped. %s",
                missing, lost);
    }

    @Override
    public String toString() {
        return name;
    }
}
