package katas.bench;

import java.util.concurrent.TimeUnit;
import katas.racycounter.AdderCounter;
import katas.racycounter.AtomicCounter;
import katas.racycounter.NaiveCounter;
import katas.racycounter.SynchronizedCounter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One increment of each kata 01 counter, alone and with two threads on the same counter: what a lock, an atomic
 * instruction and a striped adder cost, and what contention adds. Time per increment per thread; the naive counter
 * is racy (its two-thread number is the price of a lost update, not of a correct one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CounterBench {

    private final NaiveCounter naive = new NaiveCounter();
    private final SynchronizedCounter locked = new SynchronizedCounter();
    private final AtomicCounter atomic = new AtomicCounter();
    private final AdderCounter adder = new AdderCounter();

    @Benchmark
    @Threads(1)
    public void naive_volatile_1thread() {
        naive.increment();
    }

    @Benchmark
    @Threads(2)
    public void naive_volatile_2threads_racy() {
        naive.increment();
    }

    @Benchmark
    @Threads(1)
    public void synchronized_1thread() {
        locked.increment();
    }

    @Benchmark
    @Threads(2)
    public void synchronized_2threads() {
        locked.increment();
    }

    @Benchmark
    @Threads(1)
    public void atomicLong_1thread() {
        atomic.increment();
    }

    @Benchmark
    @Threads(2)
    public void atomicLong_2threads() {
        atomic.increment();
    }

    @Benchmark
    @Threads(1)
    public void longAdder_1thread() {
        adder.increment();
    }

    @Benchmark
    @Threads(2)
    public void longAdder_2threads() {
        adder.increment();
    }
}
