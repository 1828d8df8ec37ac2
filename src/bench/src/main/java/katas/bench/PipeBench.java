package katas.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import katas.processpipe.ChildCounter;
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
 * One round trip over a child JVM's standard input and output (kata 03's reference solution): a COUNT of 1 frame to
 * the child, its RESULT frame back. The floor is the same round trip in C, {@code src/bench/c/pipe_roundtrip.c}
 * (two pipes, 8 bytes each way), run by {@code src/bench/c/run}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipeBench {

    private ChildCounter child;

    @Setup(Level.Trial)
    public void start() throws Exception {
        child = ChildCounter.start("bench-child");
    }

    @TearDown(Level.Trial)
    public void stop() {
        child.close();
    }

    @Benchmark
    public long roundTrip_count1() throws Exception {
        return child.count(1, Duration.ofSeconds(30));
    }
}
