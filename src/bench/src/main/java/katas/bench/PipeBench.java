package katas.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
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
 * the child, its RESULT frame back. Beside it, {@code floor_directEcho}: the same two pipes between two JVMs with
 * nothing but blocking reads and writes (8 bytes each way), the Java floor; the C floor is
 * {@code src/bench/c/pipe_roundtrip.c}, run by {@code src/bench/c/run}. Why kata 03's end costs more than the Java
 * floor: docs/measurements.md, "Design notes".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipeBench {

    private ChildCounter child;
    private ChildProcess echo;
    private DataOutputStream toEcho;
    private DataInputStream fromEcho;

    /** The echo child: reads a long from standard input, writes it plus one to standard output, until the end. */
    public static final class Echo {
        public static void main(String[] args) throws IOException {
            DataInputStream in = new DataInputStream(System.in);
            DataOutputStream out = new DataOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out));
            try {
                while (true) {
                    out.writeLong(in.readLong() + 1);
                }
            } catch (java.io.EOFException parentClosed) {
                // done
            }
        }
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        child = ChildCounter.start("bench-child");
        echo = ChildJvm.main(Echo.class).name("bench-echo").pipeStdio().start();
        toEcho = new DataOutputStream(echo.stdin());
        fromEcho = new DataInputStream(echo.stdout());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        child.close();
        toEcho.close();
        echo.join(Duration.ofSeconds(30));
        echo.close();
    }

    @Benchmark
    public long floor_directEcho() throws IOException {
        toEcho.writeLong(41);
        toEcho.flush();
        return fromEcho.readLong();
    }

    @Benchmark
    public long roundTrip_count1() throws Exception {
        return child.count(1, Duration.ofSeconds(30));
    }
}
