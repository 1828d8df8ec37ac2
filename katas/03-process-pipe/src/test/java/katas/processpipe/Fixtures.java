package katas.processpipe;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import katas.kit.frame.EndOfStreamException;
import katas.kit.frame.Frame;

/**
 * Small main classes the tests run in child JVMs, most of them through the learner's {@link PipeEnd#childEnd()} and
 * {@link CountingChild}. Test code: each does one thing.
 */
final class Fixtures {

    private Fixtures() {}

    static final Duration PATIENT = Duration.ofSeconds(30);

    /** Waits for the next request, as long as it takes; null at the end of the stream. */
    static Frame nextRequest(PipeEnd parent) throws IOException, InterruptedException {
        while (true) {
            try {
                Frame request = parent.receive(PATIENT);
                if (request != null) {
                    return request;
                }
            } catch (EndOfStreamException e) {
                return null;
            }
        }
    }

    /** Prints a line with System.out, as a careless log call would, then serves as a CountingChild. */
    public static final class ChattyChild {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            System.out.println("chatty child: a log line printed with System.out.println");
            System.out.flush();
            CountingChild.serve(parent);
            parent.close();
        }
    }

    /**
     * Answers one COUNT, then closes its end of the pipe to the parent (its standard output), and goes on reading what
     * the parent sends, until the parent closes its end: so the parent's sends still succeed, and only its receive can
     * tell that this child will never answer again.
     */
    public static final class AnswersOnceThenCloses {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            Frame request = nextRequest(parent);
            parent.send(Protocol.result(request.longs()[0]));
            new FileOutputStream(FileDescriptor.out)
                    .close(); // the JVM points descriptor 1 at /dev/null: the pipe closes
            while (nextRequest(parent) != null) {
                // read and drop, until the parent closes its end
            }
        }
    }

    /** Answers one COUNT, then, at the next request, dies with exit code 3. */
    public static final class DiesOnSecondRequest {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            Frame request = nextRequest(parent);
            parent.send(Protocol.result(request.longs()[0]));
            nextRequest(parent);
            System.exit(3);
        }
    }

    /** At the first request, writes half a RESULT frame (its kind, length and 3 of its 8 bytes), then exits. */
    public static final class WritesHalfAFrame {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            nextRequest(parent);
            OutputStream raw = new FileOutputStream(FileDescriptor.out);
            raw.write(new byte[] {'R', 0, 0, 0, 8, 1, 2, 3});
            raw.flush();
            System.exit(0);
        }
    }

    /** At the first request, writes bytes that are no frame of the protocol (kind 0x7f), then waits for the end. */
    public static final class SendsGarbage {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            nextRequest(parent);
            OutputStream raw = new FileOutputStream(FileDescriptor.out);
            raw.write(new byte[] {0x7f, 0, 0, 0, 0});
            raw.flush();
            while (nextRequest(parent) != null) {
                // wait for the parent to close its end
            }
        }
    }

    /** At the first request, answers with an ERROR frame, then waits for the end. */
    public static final class ReportsAnError {
        public static final String ERROR = "this child cannot count today";

        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            nextRequest(parent);
            parent.send(Protocol.error(ERROR));
            while (nextRequest(parent) != null) {
                // wait for the parent to close its end
            }
        }
    }

    /** Writes 256 KiB of log lines to standard error before it serves, as a CountingChild. */
    public static final class NoisyChild {
        public static final int BYTES = 256 * 1024;

        public static void main(String[] args) throws Exception {
            String line = "noisy child: a log line on standard error, 64 bytes with its end\n".substring(0, 63) + "\n";
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < BYTES / line.length(); i++) {
                lines.append(line);
            }
            System.err.print(lines);
            System.err.flush();
            CountingChild.main(args);
        }
    }

    /** Logs one line of about 100 bytes to standard error for every request it answers (a chatty server). */
    public static final class LoggingChild {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            for (Frame request = nextRequest(parent); request != null; request = nextRequest(parent)) {
                long n = request.longs()[0];
                System.err.println("logging child: a request to count to " + n
                        + ", answered at once; this line is about one hundred bytes long");
                parent.send(Protocol.result(CountingChild.count(n, 0, parent)));
            }
            parent.close();
        }
    }
    /**
     * Breaks the protocol in one way, named by its argument: {@code STOP} or {@code COUNT} (sends that frame, which
     * only a parent may send, where the answer is due), {@code PROGRESS} (answers every request with PROGRESS(999),
     * though no progress was asked), {@code RESULT} (answers each COUNT(n) with RESULT(n), and the first one also with
     * a second RESULT(999) that answers nothing). Then it waits for the end.
     */
    public static final class BreaksTheProtocol {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            boolean first = true;
            for (Frame request = nextRequest(parent); request != null; request = nextRequest(parent)) {
                if (request.kind() != Protocol.COUNT) {
                    continue;
                }
                switch (args[0]) {
                    case "STOP" -> parent.send(Protocol.stop());
                    case "COUNT" -> parent.send(Protocol.count(1, 0));
                    case "PROGRESS" -> parent.send(Protocol.progress(999));
                    case "RESULT" -> {
                        parent.send(Protocol.result(request.longs()[0]));
                        if (first) {
                            parent.send(Protocol.result(999));
                        }
                    }
                    default -> throw new IllegalArgumentException(args[0]);
                }
                first = false;
            }
            parent.close();
        }
    }

    /** What {@link FloodsErrors} puts in every ERROR frame first: ESC, CR and BEL, as a terminal would obey them. */
    public static final String CONTROLS = "\u001b[2J\u001b[31mfake: all tests passed\r\u0007";

    /**
     * As soon as it starts, before any request, sends ERROR frames of 1 MiB each (the protocol's limit),
     * {@code args[0]} of them (or until the parent closes), each starting with control characters
     * ({@link #CONTROLS}); then waits for the end.
     */
    public static final class FloodsErrors {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            StringBuilder text = new StringBuilder(CONTROLS);
            while (text.length() < Protocol.MAX_PAYLOAD) {
                text.append("flood ");
            }
            Frame error = Frame.ofText(Protocol.ERROR, text.substring(0, Protocol.MAX_PAYLOAD));
            int frames = Integer.parseInt(args[0]);
            try {
                for (int i = 0; i < frames; i++) {
                    parent.send(error);
                }
            } catch (IOException | IllegalStateException parentGone) {
                return; // the parent closed its end: a broken pipe
            }
            while (nextRequest(parent) != null) {
                // wait for the parent to close its end
            }
        }
    }

    /**
     * A parent in a JVM of its own, run with a small heap by the test: starts a {@link FloodsErrors} child through the
     * learner's {@link ChildCounter}, waits until the flood stands still (the child's CPU time stops moving: it is
     * stuck in write() because this parent reads no further) or has ended, then counts once, and prints on standard
     * output what count threw and the peak heap, one {@code key=value} a line.
     */
    public static final class SmallHeapParent {
        public static void main(String[] args) throws Exception {
            Throwable thrown = null;
            long result = -1;
            long stood = 0;
            try (ChildCounter counter = ChildCounter.start(FloodsErrors.class, "flooder", args[0])) {
                ProcessHandle flooder = ProcessHandle.of(counter.pid()).orElseThrow();
                Duration lastCpu = Duration.ZERO;
                long lastChange = System.nanoTime();
                long start = lastChange;
                while (System.nanoTime() - lastChange < 1_500_000_000L && System.nanoTime() - start < 60_000_000_000L) {
                    try {
                        flooder.onExit().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                        break; // it wrote all and ended
                    } catch (java.util.concurrent.TimeoutException stillRunning) {
                        Duration cpu = flooder.info().totalCpuDuration().orElse(null);
                        if (cpu == null || !cpu.equals(lastCpu)) {
                            lastCpu = cpu == null ? lastCpu : cpu;
                            lastChange = cpu == null ? lastChange : System.nanoTime();
                        }
                    }
                }
                stood = (System.nanoTime() - start) / 1_000_000;
                try {
                    result = counter.count(5, Duration.ofSeconds(30));
                } catch (Exception e) {
                    thrown = e;
                }
            } catch (Throwable t) {
                thrown = t;
            }
            long peak = 0;
            for (java.lang.management.MemoryPoolMXBean pool :
                    java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("result=" + result);
            System.out.println("flood.millis=" + stood);
            System.out.println(
                    "thrown=" + (thrown == null ? "" : thrown.getClass().getName()));
            String message = thrown == null ? "" : String.valueOf(thrown.getMessage());
            System.out.println("message.length=" + message.length());
            System.out.println("message.controls="
                    + message.chars()
                            .filter(c -> c != '\n' && Character.isISOControl(c))
                            .count());
            System.out.println("message=" + Frame.printable(message, 2_000));
            System.out.println("peak.heap=" + peak);
            System.out.println("max.heap=" + Runtime.getRuntime().maxMemory());
            System.out.flush();
        }
    }

    /** Sends RESULT(1), then returns from main without closing its end: its JVM must end all the same. */
    public static final class ReturnsWithoutClosing {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            parent.send(Protocol.result(1));
        }
    }

    /**
     * Answers every COUNT(n) with RESULT(n), each after 20 ms of pretend work (a slow server; a real count would not
     * do: the JIT may make a count of millions take no time at all).
     */
    public static final class SlowChild {
        public static void main(String[] args) throws Exception {
            PipeEnd parent = PipeEnd.childEnd();
            for (Frame request = nextRequest(parent); request != null; request = nextRequest(parent)) {
                if (request.kind() == Protocol.COUNT) {
                    long done = System.nanoTime() + 20_000_000L;
                    for (long left = 20_000_000L; left > 0; left = done - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(left); // the pretend work
                    }
                    parent.send(Protocol.result(request.longs()[0]));
                }
            }
            parent.close();
        }
    }
}
