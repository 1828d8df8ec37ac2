package katas.sharedmemory;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import katas.kit.shm.Segment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * jcstress tests of the kata's shared memory, on the learner's own classes: two actors each add one to a
 * {@code long} in a segment, each through a mapping of its own (one segment mapped twice shares memory exactly as two
 * processes do). Then the arbiter reads the counter and the semaphore's word: "2, 0" is right; "1, 0" is the lost
 * update. {@link Unguarded} adds with a plain get and set (the lost update must show), {@link Guarded} under the
 * learner's {@link SharedSemaphore} (it must never show); {@link RaceProofsTest} runs them and gates on them. Why a
 * 1 MiB segment of 16-byte slots: docs/measurements.md, "Race proof: kata 04 shared memory".
 */
public class SharedMemoryStress {

    private SharedMemoryStress() {}

    /** One segment, mapped twice in this JVM, unlinked at once. */
    static final class Mappings {
        static final int SLOT = 16;
        static final long SIZE = 1024 * 1024;
        static final Segment FIRST;
        static final Segment SECOND;
        private static final AtomicInteger NEXT = new AtomicInteger();

        static {
            try {
                FIRST = Segment.create("jcstress", SIZE);
                try {
                    SECOND = Segment.open(FIRST.name(), SIZE);
                } finally {
                    FIRST.unlink();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Mappings() {}

        /** The offset of the next slot. */
        static int nextSlot() {
            return Math.floorMod(NEXT.getAndIncrement(), (int) (SIZE / SLOT)) * SLOT;
        }
    }

    @JCStressTest
    @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "both increments counted")
    @Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING, desc = "lost update: both mappings read 0, both wrote 1")
    @State
    public static class Unguarded {
        final int at = Mappings.nextSlot();
        final SharedLong first = new SharedLong(Mappings.FIRST, at);
        final SharedLong second = new SharedLong(Mappings.SECOND, at);
        final SharedLong word = new SharedLong(Mappings.FIRST, at + 8);

        @Actor
        public void actor1() {
            first.set(first.get() + 1);
        }

        @Actor
        public void actor2() {
            second.set(second.get() + 1);
        }

        @Arbiter
        public void arbiter(JJ_Result r) {
            r.r1 = first.get();
            r.r2 = word.get();
            first.set(0);
        }
    }

    @JCStressTest
    @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "both increments counted")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "lost update: both mappings read 0, both wrote 1")
    @State
    public static class Guarded {
        final int at = Mappings.nextSlot();
        final SharedLong first = new SharedLong(Mappings.FIRST, at);
        final SharedLong second = new SharedLong(Mappings.SECOND, at);
        final SharedLong word = new SharedLong(Mappings.FIRST, at + 8);
        final SharedSemaphore firstSemaphore = new SharedSemaphore(word);
        final SharedSemaphore secondSemaphore = new SharedSemaphore(new SharedLong(Mappings.SECOND, at + 8));

        @Actor
        public void actor1() {
            increment(firstSemaphore, first);
        }

        @Actor
        public void actor2() {
            increment(secondSemaphore, second);
        }

        private static void increment(SharedSemaphore semaphore, SharedLong counter) {
            try {
                semaphore.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            try {
                counter.set(counter.get() + 1);
            } finally {
                semaphore.release();
            }
        }

        @Arbiter
        public void arbiter(JJ_Result r) {
            r.r1 = first.get();
            r.r2 = word.get();
            first.set(0);
        }
    }
}
