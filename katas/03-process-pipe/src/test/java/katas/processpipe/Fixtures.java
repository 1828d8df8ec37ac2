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
}
