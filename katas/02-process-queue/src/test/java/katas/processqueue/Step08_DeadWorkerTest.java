package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(8)
@DisplayName("Step 8: a dead worker never hangs the parent")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step08_DeadWorkerTest {

    /** A take that waits this long for a dead worker is a hang that only its timeout ends. */
    static final Duration PATIENT = Duration.ofSeconds(8);
    /** How soon the death must be noticed. */
    static final long PROMPT_MILLIS = 5_000;

    static final String NO_HANG = "A worker that dies before its end marker never sends it: take() must notice the"
            + " death and fail with a QueueException naming the worker and its exit code (step 8, Hint 2)";

    static final Pattern READY = Pattern.compile("ready (\\S+) (\\d+)");

    private long orphanPid = -1;

    @AfterEach
    void killTheOrphan() {
        if (orphanPid > 0) {
            ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    static String exitCode(int code) {
        return "(?s).*(exit code|exited with code|exit status)\\D{0,3}" + code + "\\b.*";
    }

    @Test
    @DisplayName("a worker that exits with code 3 before sending: take fails promptly, naming it and its exit code")
    void workerExitsBeforeSending() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                ChildProcess doomed = queue.startWorker("doomed", Fixtures.ExitsBeforeSending.class)) {
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> Fixtures.take(queue, PATIENT));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .as("take(8 s) while the worker 'doomed' exits with code 3 before sending. %s", NO_HANG)
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("doomed")
                    .hasMessageMatching(exitCode(3));
            assertThat(millis)
                    .as("ms until take noticed the dead worker: promptly, not at its timeout. %s", NO_HANG)
                    .isLessThan(PROMPT_MILLIS);
        }
    }

    @Test
    @DisplayName("a worker killed after it connected: take fails, naming it and its exit code 137 (SIGKILL)")
    void workerKilled() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                ChildProcess victim = queue.startWorker("victim", Fixtures.PutsThenHangs.class)) {
            assertThat(Fixtures.take(queue, PATIENT))
                    .as("the victim's value, put and flushed before it hangs")
                    .isEqualTo(new ProcessQueue.Message("victim", new Frame.Value(42)));
            victim.kill();
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> Fixtures.take(queue, PATIENT));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .as("take(8 s) after the connected worker 'victim' was killed (kill -9). %s", NO_HANG)
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("victim")
                    .hasMessageMatching(exitCode(137));
            assertThat(millis)
                    .as("ms until take noticed the killed worker. %s", NO_HANG)
                    .isLessThan(PROMPT_MILLIS);
        }
    }

    @Test
    @DisplayName(
            "a producer whose connection closes before its end marker: take delivers what came, then fails naming it")
    void connectionClosedBeforeEnd() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16)) {
            try (QueueProducer quitter = QueueProducer.connect(queue.socketPath(), "quitter", queue.secret())) {
                quitter.put(5);
            } // closed without end()
            ProcessQueue.Message[] got = new ProcessQueue.Message[1];
            Throwable first = catchThrowable(() -> got[0] = Fixtures.take(queue, PATIENT));
            if (first instanceof TimeoutException) {
                throw new AssertionError(
                        "take() timed out, but 'quitter' put 5 and then called close(): its"
                                + " QueueProducer.close() must send what is buffered (close the DataOutputStream: it flushes,"
                                + " then closes the socket under it)",
                        first);
            }
            assertThat(first)
                    .as("what take() threw first after 'quitter' put 5 and closed: nothing. The 5 arrived: deliver"
                            + " it, and report the lost connection only once the inbox is empty")
                    .isNull();
            assertThat(got[0])
                    .as("the value the quitter put before closing")
                    .isEqualTo(new ProcessQueue.Message("quitter", new Frame.Value(5)));
            Throwable thrown = catchThrowable(() -> Fixtures.take(queue, PATIENT));
            if (thrown instanceof TimeoutException) {
                throw new AssertionError(
                        "take() timed out after 'quitter' closed without an end marker: either its"
                                + " QueueProducer.close() did not close the connection, or serve() did not throw when"
                                + " the stream ended without an End (step 5, Hints 3 and 4)",
                        thrown);
            }
            assertThat(thrown)
                    .as("take after 'quitter' closed its connection without an end marker. %s", NO_HANG)
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("quitter");
        }
    }

    @Test
    @DisplayName("a worker that dies of an exception with a long stack trace: take's failure keeps the exception's own"
            + " line, the reason")
    void failureKeepsTheReason() throws Exception {
        String reason = "the disk of worker-1 is full";
        try (ProcessQueue queue = ProcessQueue.open(16);
                ChildProcess worker = queue.startWorker("worker-1", Fixtures.DiesDeep.class, reason)) {
            assertThat(Fixtures.take(queue, PATIENT))
                    .as("worker-1's value, put and flushed before it throws")
                    .isEqualTo(new ProcessQueue.Message("worker-1", new Frame.Value(1)));
            Throwable thrown = catchThrowable(() -> Fixtures.take(queue, PATIENT));
            assertThat(thrown)
                    .as("take(8 s) after worker-1 died of an exception 300 calls deep. %s", NO_HANG)
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("worker-1")
                    .hasMessageMatching(exitCode(1));
            assertThat(thrown.getMessage())
                    .as(
                            "the failure's message: it must keep the reason, the line of the worker's standard error that"
                                    + " says what went wrong (\"IllegalStateException: %s\"), not only the end of its stack"
                                    + " trace. The given exitOf(child) does: use it in the message",
                            reason)
                    .contains("IllegalStateException: " + reason);
        }
    }

    @Test
    @DisplayName("the lesson's program with a worker that exits with code 3 fails promptly, naming worker-2 and code 3")
    void lessonWithDeadWorker() {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> Fixtures.within(
                PATIENT,
                "Lesson.sumFromWorkers(timeout 8 s)",
                () -> Lesson.sumFromWorkers(2, Fixtures.SecondWorkerDies.class, PATIENT),
                Fixtures.STUCK));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(thrown)
                .as("Lesson.sumFromWorkers when worker-2 exits with code 3 before sending. %s", NO_HANG)
                .isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        assertThat(messages.toString())
                .as("the failure (with its causes). %s", NO_HANG)
                .contains("worker-2")
                .matches(exitCode(3));
        assertThat(millis)
                .as("ms until the lesson's program failed: promptly, not at its 8 s timeout. %s", NO_HANG)
                .isLessThan(PROMPT_MILLIS + 2_000);
    }

    @Test
    @DisplayName(
            "kill -9 of the parent while its worker is quiet: the worker ends itself and deletes the socket directory")
    void parentKilledWhileWorkerIsQuiet() throws Exception {
        killTheParentOf(
                "quiet",
                "the kit's SocketClient registers ChildMain.onParentDeath(() -> delete the socket's directory);"
                        + " the worker must connect through QueueProducer.connect (SocketClient.connect)");
    }

    @Test
    @DisplayName(
            "kill -9 of the parent while its worker is writing: the worker fails, and deletes the socket directory first")
    void parentKilledWhileWorkerWrites() throws Exception {
        killTheParentOf(
                "writing",
                "a write to a dead parent fails at once (broken pipe), before the watchdog notices:"
                        + " when a write fails and this process's parent is no longer the queue's owner, delete the directory");
    }

    private void killTheParentOf(String worker, String how) throws Exception {
        Path socket;
        try (ChildProcess parent = ChildJvm.main(Fixtures.QueueParent.class)
                .name("queue-parent")
                .args(worker)
                .start()) {
            await("the queue parent to report its socket and worker (or to fail)")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> READY.matcher(parent.stdoutText()).find() || !parent.isAlive());
            Matcher ready = READY.matcher(parent.stdoutText());
            if (!ready.find()) {
                parent.awaitSuccess(Duration.ofSeconds(10)); // throws, quoting the parent's standard error
                throw new AssertionError("the queue parent exited without reporting: " + parent.stderrText());
            }
            socket = Path.of(ready.group(1));
            orphanPid = Long.parseLong(ready.group(2));
            assertThat(socket).as("the socket while the queue parent lives").exists();
            ProcessHandle.of(parent.pid()).orElseThrow().destroyForcibly(); // kill -9 of the parent alone
            await("the orphaned " + worker + " worker to end")
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ProcessHandle.of(orphanPid).isEmpty());
        }
        assertThat(socket.getParent())
                .as(
                        "the killed parent's socket directory, after its %s worker ended: no close() ran in the parent, so"
                                + " the worker must clean up on its way out: %s",
                        worker, how)
                .doesNotExist();
    }
}
