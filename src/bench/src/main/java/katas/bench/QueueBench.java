package katas.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import katas.processqueue.ProcessQueue;
import katas.processqueue.QueueProducer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kata 02's queue, small messages: a producer puts a batch of longs through the Unix domain socket and the parent
 * takes them all; time per message, the socket, the frames, the reader thread and the inbox included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueueBench {

    static final int BATCH = 10_000;

    private ProcessQueue queue;
    private QueueProducer producer;

    @Setup(Level.Trial)
    public void open() throws Exception {
        queue = ProcessQueue.open(1024);
        producer = QueueProducer.connect(queue.socketPath(), "bench", queue.secret());
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        producer.close();
        queue.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long putAndTake_perMessage() throws Exception {
        long sum = 0;
        int taken = 0;
        for (int i = 0; i < BATCH; i++) {
            producer.put(i);
        }
        producer.flush();
        while (taken < BATCH) {
            ProcessQueue.Message m = queue.take(Duration.ofSeconds(30));
            sum += m.frame().hashCode();
            taken++;
        }
        return sum;
    }
}
