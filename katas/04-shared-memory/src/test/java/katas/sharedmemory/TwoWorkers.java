package katas.sharedmemory;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.shm.Segment;

/**
 * Two worker processes ({@link Fixtures.Rounds}) on one segment, counting round after round on the parent's
 * signal. Starting two JVMs costs far more than a round, so the same two run every round of a race test; the go
 * word starts both at once, so that their increments really overlap. Test code only.
 *
 * <p>The parent: {@link #start}, then {@link #round} as often as the test likes (each returns the counter), then
 * {@link #close} (stops the workers, closes and unlinks the segment).
 */
final class TwoWorkers implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(40);
    static final Duration ROUND = Duration.ofSeconds(60);

    private final Segment segment;
    private final ByteBuffer memory;
    private final List<ChildProcess> workers = new ArrayList<>();
    private final long each;

    private TwoWorkers(Segment segment, long each) {
        this.segment = segment;
        this.memory = segment.buffer();
        this.each = each;
    }

    /**
     * Creates a segment and starts two workers that count {@code each} a round in {@code mode}; returns when both
     * are ready.
     *
     * @param jvmArgs options for the workers' JVMs (e.g. to run classes one bytecode at a time)
     */
    static TwoWorkers start(String label, String mode, long each, List<String> jvmArgs) throws Exception {
        TwoWorkers two = new TwoWorkers(Segment.create(label, Fixtures.Rounds.SIZE), each);
        try {
            for (int i = 1; i <= 2; i++) {
                two.workers.add(ChildJvm.main(Fixtures.Rounds.class)
                        .name(mode + "-worker-" + i)
                        .jvmArgs(jvmArgs.toArray(String[]::new))
                        .args(two.segment.name(), mode, String.valueOf(each))
                        .start());
            }
            await("two " + mode + " workers to open the segment and say they are ready")
                    .atMost(START)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> Shm.read(two.memory, Fixtures.Rounds.READY_AT) == 2 || two.anyEnded());
            two.requireAlive();
            return two;
        } catch (Exception | Error e) {
            two.close();
            throw e;
        }
    }

    /** Runs round {@code number} (1, 2, ...): zeroes the counter, starts both workers, waits until both are done. */
    long round(int number) throws Exception {
        Shm.write(memory, Fixtures.Rounds.COUNTER_AT, 0);
        Shm.write(memory, Fixtures.Rounds.OVERLAPS_AT, 0);
        Shm.write(memory, Fixtures.Rounds.DONE_AT, 0);
        Shm.write(memory, Fixtures.Rounds.GO_AT, number);
        await("both workers to finish round " + number + " (" + each + " increments each)")
                .atMost(ROUND)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> Shm.read(memory, Fixtures.Rounds.DONE_AT) == 2 || anyEnded());
        requireAlive();
        return Shm.read(memory, Fixtures.Rounds.COUNTER_AT);
    }

    /** How many times, in the last round, a worker entered the critical section while the other was inside. */
    long overlaps() {
        return Shm.read(memory, Fixtures.Rounds.OVERLAPS_AT);
    }

    /** The segment the workers share. */
    Segment segment() {
        return segment;
    }

    private boolean anyEnded() {
        return workers.stream().anyMatch(w -> !w.isAlive());
    }

    /** Throws the failure of a worker that ended (its exit code and standard error), if one did. */
    private void requireAlive() throws InterruptedException {
        for (ChildProcess w : workers) {
            if (!w.isAlive()) {
                w.awaitSuccess(Duration.ofSeconds(10)); // throws with its standard error when it failed
                throw new AssertionError(w + " ended before the parent said stop");
            }
        }
    }

    /** Tells the workers to stop, waits for them (killing them if need be), closes and unlinks the segment. */
    @Override
    public void close() throws IOException {
        try {
            Shm.write(memory, Fixtures.Rounds.GO_AT, Fixtures.Rounds.STOP);
            for (ChildProcess w : workers) {
                try {
                    w.join(Duration.ofSeconds(10));
                } catch (Exception e) {
                    // close() below kills it
                } finally {
                    w.close();
                }
            }
        } finally {
            Shm.dispose(segment);
        }
    }
}
