package katas.processqueue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;

/**
 * Small main classes the tests run in child JVMs, through the learner's {@link QueueProducer} and
 * {@link ProcessQueue}. Test code: each does one thing. Worker mains take {@code <socket> <name> [...]},
 * the arguments {@link Lesson#sumFromWorkers} gives them.
 */
final class Fixtures {

    private Fixtures() {}

    /** {@code <socket> <name> <count>}: puts 0, 1, ..., count - 1, then its end marker. */
    public static final class NumberProducer {
        public static void main(String[] args) throws IOException {
            long count = Long.parseLong(args[2]);
            try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1])) {
                for (long i = 0; i < count; i++) {
                    queue.put(i);
                }
                queue.end();
            }
        }
    }

    /**
     * {@code <socket> worker-<i> <count>}: puts the value 1, {@code i * count} times, then its end marker. Worker
     * 1 is done long before worker 4, so the first end marker always arrives while others are still sending.
     */
    public static final class StaggeredProducer {
        public static void main(String[] args) throws IOException {
            int index = Integer.parseInt(args[1].substring(args[1].lastIndexOf('-') + 1));
            long count = index * Long.parseLong(args[2]);
            try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1])) {
                for (long i = 0; i < count; i++) {
                    queue.put(1);
                }
                queue.end();
            }
        }
    }

    /** Dies with exit code 3 before it connects or sends anything. */
    public static final class ExitsBeforeSending {
        public static void main(String[] args) {
            System.exit(3);
        }
    }

    /** {@code <socket> <name>}: connects, puts 42, flushes, then waits until it is killed. */
    public static final class PutsThenHangs {
        public static void main(String[] args) throws IOException, InterruptedException {
            QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1]);
            queue.put(42);
            queue.flush();
            new CountDownLatch(1).await();
        }
    }

    /** {@code <socket> <name>}: worker-2 dies with exit code 3 before sending; the others put 1 and their end. */
    public static final class SecondWorkerDies {
        public static void main(String[] args) throws IOException {
            if (args[1].equals("worker-2")) {
                System.exit(3);
            }
            try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1])) {
                queue.put(1);
                queue.end();
            }
        }
    }

    /**
     * A parent of a queue, itself in a child JVM, for the kill -9 tests: {@code quiet|writing}. Opens a queue,
     * starts one worker, takes its first value (so the worker is connected), prints
     * {@code ready <socket path> <worker pid>}, and waits until it is killed. A quiet worker
     * ({@link PutsThenHangs}) then waits too; a writing one ({@link NumberProducer}, a trillion values) fills the
     * socket and blocks in write().
     */
    public static final class QueueParent {
        public static void main(String[] args) throws Exception {
            ProcessQueue queue = ProcessQueue.open(16);
            String socket = queue.socketPath().toString();
            ChildJvm worker = args[0].equals("writing")
                    ? ChildJvm.main(NumberProducer.class).args(socket, "worker-1", "1000000000000")
                    : ChildJvm.main(PutsThenHangs.class).args(socket, "worker-1");
            ChildProcess child = worker.name("worker-1").shortLived().start();
            queue.watch(child);
            queue.take(Duration.ofSeconds(30));
            System.out.println("ready " + socket + " " + child.pid());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    /**
     * Step 2, run with another default charset ({@code -Dfile.encoding=...}): reads one frame from standard input,
     * then reports on standard output, through {@link DataOutputStream#writeUTF} (which no default charset changes):
     * this JVM's default charset, the bytes its {@link Frames#write} makes of {@code Hello("wé")} (an int length, then
     * the bytes), and the producer name of the frame it read.
     */
    public static final class FrameCharsets {
        public static void main(String[] args) throws IOException {
            Frame read = Frames.read(new DataInputStream(System.in));
            ByteArrayOutputStream hello = new ByteArrayOutputStream();
            DataOutputStream helloOut = new DataOutputStream(hello);
            Frames.write(helloOut, new Frame.Hello("w\u00e9"));
            helloOut.flush();
            DataOutputStream out = new DataOutputStream(new FileOutputStream(FileDescriptor.out));
            out.writeUTF(Charset.defaultCharset().name());
            out.writeInt(hello.size());
            out.write(hello.toByteArray());
            out.writeUTF(read instanceof Frame.Hello h ? h.producer() : String.valueOf(read));
            out.flush();
        }
    }
}
