package katas.bench;

import java.util.concurrent.TimeUnit;
import katas.kit.shm.Segment;
import katas.sharedmemory.SharedLong;
import katas.sharedmemory.SharedSemaphore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kata 04's cross-process semaphore, uncontended: acquire and release on a word of a mapped segment, and beside it
 * its floor: two compare-and-sets on a word of the same segment (what an uncontended acquire and release must do at
 * least, one to take the permit, one to give it back), and one {@code getAndAdd} (one atomic instruction).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SemaphoreBench {

    private Segment segment;
    private SharedSemaphore semaphore;
    private SharedLong counter;
    private SharedLong cas;

    @Setup(Level.Trial)
    public void map() throws Exception {
        segment = Segment.create("bench", 64);
        counter = new SharedLong(segment, 0);
        semaphore = new SharedSemaphore(new SharedLong(segment, 8));
        cas = new SharedLong(segment, 16);
        cas.set(1);
    }

    @TearDown(Level.Trial)
    public void unmap() throws Exception {
        segment.unlink();
        segment.close();
    }

    @Benchmark
    public void acquireRelease_uncontended() throws InterruptedException {
        semaphore.acquire();
        semaphore.release();
    }

    /** The floor of acquire + release: take the word from 1 to 0, give it back from 0 to 1, as two CAS. */
    @Benchmark
    public boolean floor_twoCompareAndSets() {
        return cas.compareAndSet(1, 0) & cas.compareAndSet(0, 1);
    }

    @Benchmark
    public long floor_getAndAdd() {
        return counter.getAndAdd(1);
    }
}
