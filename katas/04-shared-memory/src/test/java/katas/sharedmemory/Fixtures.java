package katas.sharedmemory;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import katas.kit.shm.Segment;

/**
 * Small main classes the tests run in child JVMs, through the learner's {@link SharedLong},
 * {@link SharedSemaphore} and {@link Counting}. Test code: each does one thing. They coordinate with the parent
 * through words of the segment that they read and write with the tests' own access ({@link Shm}), so that only the
 * code under test goes through the learner's classes.
 */
final class Fixtures {

    /** How long a child waits for the parent at most, before it gives up (exit code 3) rather than hang. */
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private Fixtures() {}

    /** {@code <segment name> <size> <offset> <value>}: writes the value with the learner's {@code set}. */
    public static final class Poke {
        public static void main(String[] args) throws Exception {
            try (Segment segment = Segment.open(args[0], Long.parseLong(args[1]))) {
                new SharedLong(segment, Integer.parseInt(args[2])).set(Long.parseLong(args[3]));
            }
        }
    }

    /** {@code <segment name> <size> <offset>}: prints the value the learner's {@code get} reads. */
    public static final class Peek {
        public static void main(String[] args) throws Exception {
            try (Segment segment = Segment.open(args[0], Long.parseLong(args[1]))) {
                System.out.println(new SharedLong(segment, Integer.parseInt(args[2])).get());
            }
        }
    }

    /**
     * {@code <segment name> <size> <turns>}: a ping-pong on the long at offset 0, through the learner's get and set.
     * For turn k = 1, 2, ...: waits until it reads 2k - 1 (the parent's move), then writes 2k (its answer).
     */
    public static final class Echo {
        public static void main(String[] args) throws Exception {
            int turns = Integer.parseInt(args[2]);
            try (Segment segment = Segment.open(args[0], Long.parseLong(args[1]))) {
                SharedLong ball = new SharedLong(segment, 0);
                for (long k = 1; k <= turns; k++) {
                    long deadline = System.nanoTime() + PATIENCE_NANOS;
                    long seen;
                    while ((seen = ball.get()) != 2 * k - 1) {
                        if (System.nanoTime() - deadline > 0) {
                            System.err.println("echo: waited 60 s for " + (2 * k - 1) + ", get() still reads " + seen);
                            System.exit(3);
                        }
                        Thread.onSpinWait();
                    }
                    ball.set(2 * k);
                }
            }
        }
    }

    /**
     * {@code <segment name> <offset>}: takes the learner's semaphore whose word is at the offset, prints
     * {@code held}, and holds it until it is killed.
     */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            Segment segment = Segment.open(args[0], Rounds.SIZE);
            new SharedSemaphore(new SharedLong(segment, Integer.parseInt(args[1]))).acquire();
            System.out.println("held");
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    /**
     * {@code <segment name> <mode> <increments per round>}: one of two workers of {@link TwoWorkers}. Says it is
     * ready, then for round 1, 2, ...: waits until the parent starts the round (the go word), does its increments of
     * the counter at {@link Rounds#COUNTER_AT} the mode's way, and says it is done. Ends when the parent says stop.
     */
    public static final class Rounds {
        static final long SIZE = 128;
        static final int COUNTER_AT = 0;
        static final int SEMAPHORE_AT = 8;
        // The parent's words, on a cache line of their own.
        static final int GO_AT = 64;
        static final int DONE_AT = 72;
        static final int READY_AT = 80;
        static final int INSIDE_AT = 88;
        static final int OVERLAPS_AT = 96;
        static final long STOP = -1;

        public static void main(String[] args) throws Exception {
            String mode = args[1];
            long each = Long.parseLong(args[2]);
            try (Segment segment = Segment.open(args[0], SIZE)) {
                ByteBuffer memory = segment.buffer();
                SharedLong counter = new SharedLong(segment, COUNTER_AT);
                // Only the modes that need it make a semaphore: step 2 runs before the semaphore is written.
                SharedSemaphore semaphore = mode.equals("semaphore") || mode.equals("countThenAdd")
                        ? new SharedSemaphore(new SharedLong(segment, SEMAPHORE_AT))
                        : null;
                Shm.add(memory, READY_AT, 1);
                for (long round = 1; ; round++) {
                    if (!awaitGo(memory, round)) {
                        return;
                    }
                    switch (mode) {
                        case "plain" -> Counting.plain(counter, each);
                        case "getAndAdd" -> {
                            for (long i = 0; i < each; i++) {
                                counter.getAndAdd(1);
                            }
                        }
                        case "compareAndSet" -> {
                            for (long i = 0; i < each; i++) {
                                long seen;
                                do {
                                    seen = counter.get();
                                } while (!counter.compareAndSet(seen, seen + 1));
                            }
                        }
                        case "semaphore" -> {
                            for (long i = 0; i < each; i++) {
                                semaphore.acquire();
                                try {
                                    criticalSection(memory);
                                } finally {
                                    semaphore.release();
                                }
                            }
                        }
                        case "countThenAdd" -> {
                            for (long i = 0; i < each; i++) {
                                Counting.countThenAdd(counter, semaphore, 1);
                            }
                        }
                        default -> throw new IllegalArgumentException("unknown mode " + mode);
                    }
                    Shm.add(memory, DONE_AT, 1);
                }
            }
        }

        /**
         * What a holder of the semaphore does: notes that it is inside (and whether another process was inside
         * already: two holders at once), adds one to the counter with a read, some work, and a separate write, and
         * notes that it left. The work widens the window in which a second holder would lose the update.
         */
        private static void criticalSection(ByteBuffer memory) {
            if (Shm.add(memory, INSIDE_AT, 1) != 0) {
                Shm.add(memory, OVERLAPS_AT, 1);
            }
            long seen = Shm.read(memory, COUNTER_AT);
            for (int i = 0; i < 20; i++) {
                Thread.onSpinWait();
            }
            Shm.write(memory, COUNTER_AT, seen + 1);
            Shm.add(memory, INSIDE_AT, -1);
        }

        /** Waits until the go word reaches {@code round} (true) or says stop (false); spins first, then parks. */
        private static boolean awaitGo(ByteBuffer memory, long round) {
            long start = System.nanoTime();
            long go;
            while ((go = Shm.read(memory, GO_AT)) < round) {
                if (go == STOP) {
                    return false;
                }
                long waited = System.nanoTime() - start;
                if (waited > PATIENCE_NANOS) {
                    System.err.println("rounds: waited 60 s for round " + round + " to start; giving up");
                    System.exit(3);
                }
                if (waited < 2_000_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(50_000);
                }
            }
            return true;
        }
    }
}
