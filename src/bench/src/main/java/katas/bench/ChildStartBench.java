package katas.bench;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a process costs in Java: a child JVM started by the kit, run to its end, against the floor, a bare
 * {@code java -version}. The katas' process approaches pay this once per worker.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChildStartBench {

    /** The child: does nothing. */
    public static final class Nothing {
        public static void main(String[] args) {}
    }

    @Benchmark
    public int kitChildJvm_startAndExit() throws Exception {
        try (ChildProcess child = ChildJvm.main(Nothing.class).shortLived().start()) {
            return child.join(Duration.ofSeconds(30));
        }
    }

    @Benchmark
    public int floor_javaVersion() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor();
    }
}
