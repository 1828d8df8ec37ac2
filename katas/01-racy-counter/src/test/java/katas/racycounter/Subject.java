package katas.racycounter;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import katas.testkit.Together;

/**
 * A counter under test, whatever its class: how to make one, increment it and read it.
 * Test code only; the learner's classes need no common interface.
 *
 * @param name     the class name, for messages
 * @param mistakes what usually goes wrong with this kind of counter, said when a test catches it
 * @param factory  makes a new, zero counter
 */
record Subject(String name, String mistakes, Supplier<Counter> factory) {

    /** The two operations every counter of the kata has, and a reader's loop on the second. */
    interface Counter {
        void increment();

        long get();

        /**
         * Calls {@code get()} in a tight loop until it returns {@code target} or more, or {@link System#nanoTime()}
         * passes {@code deadlineNanos}; returns the last value read. Each subject writes this loop with a direct
         * call on its own counter class, so that the JIT compiles and inlines {@code get()} into it as it would in
         * a learner's program (a call through this interface could not be inlined, and would hide what the JIT does
         * to a read without a lock).
         */
        long readUntil(long target, long deadlineNanos);
    }

    /** {@link Counter#readUntil}, for one counter class. */
    interface Reader {
        long readUntil(long target, long deadlineNanos);
    }

    static final String SYNCHRONIZED_MISTAKES = "Every thread must lock the same object (this counter), around both"
            + " the read and the write: a lock on some other object (a new Object(), the current thread) protects"
            + " nothing, a read outside the lock lets two threads read the same value, and a get() without the lock"
            + " may go on returning an old value.";

    static final String ATOMIC_MISTAKES = "Use one atomic read-modify-write: incrementAndGet(). volatile makes each"
            + " read and each write visible, but value++ on a volatile is still a read and then a separate write;"
            + " get() followed by set(), or one compareAndSet() with no retry, is a check-then-act that drops the"
            + " increment whenever another thread changed the value in between.";

    static final String ADDER_MISTAKES =
            "All threads must add to one LongAdder (increment() or add(1)), and get()" + " must return its sum().";

    static Subject naive() {
        return new Subject("NaiveCounter", "", () -> {
            NaiveCounter c = new NaiveCounter();
            return counter(c::increment, c::get, (target, deadline) -> {
                long seen;
                while ((seen = c.get()) < target && System.nanoTime() - deadline < 0) {
                    // spin: nothing but the read
                }
                return seen;
            });
        });
    }

    static Subject synchronizedCounter() {
        return new Subject("SynchronizedCounter", SYNCHRONIZED_MISTAKES, () -> {
            SynchronizedCounter c = new SynchronizedCounter();
            return counter(c::increment, c::get, (target, deadline) -> {
                long seen;
                while ((seen = c.get()) < target && System.nanoTime() - deadline < 0) {
                    // spin: nothing but the read
                }
                return seen;
            });
        });
    }

    static Subject atomic() {
        return new Subject("AtomicCounter", ATOMIC_MISTAKES, () -> {
            AtomicCounter c = new AtomicCounter();
            return counter(c::increment, c::get, (target, deadline) -> {
                long seen;
                while ((seen = c.get()) < target && System.nanoTime() - deadline < 0) {
                    // spin: nothing but the read
                }
                return seen;
            });
        });
    }

    static Subject adder() {
        return new Subject("AdderCounter", ADDER_MISTAKES, () -> {
            AdderCounter c = new AdderCounter();
            return counter(c::increment, c::get, (target, deadline) -> {
                long seen;
                while ((seen = c.get()) < target && System.nanoTime() - deadline < 0) {
                    // spin: nothing but the read
                }
                return seen;
            });
        });
    }

    /** The subject of the counter class with this simple name (for a child JVM, which gets the name as an argument). */
    static Subject named(String name) {
        return Stream.of(naive(), synchronizedCounter(), atomic(), adder())
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
            public long readUntil(long target, long deadlineNanos) {
                return reader.readUntil(target, deadlineNanos);
            }
        };
    }

    Counter create() {
        return factory.get();
    }

    /** Shares one new counter between {@code threads} threads that each increment it {@code each} times; returns it. */
    Counter hammer(int threads, long each, Duration timeout) throws InterruptedException {
        Counter counter = create();
        Together.run(threads, timeout, i -> {
            for (long k = 0; k < each; k++) {
                counter.increment();
            }
        });
        return counter;
    }

    @Override
    public String toString() {
        return name;
    }
}
