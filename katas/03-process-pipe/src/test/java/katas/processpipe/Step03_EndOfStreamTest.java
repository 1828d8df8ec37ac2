package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import katas.kit.frame.EndOfStreamException;
import katas.kit.frame.Frame;
import katas.kit.frame.FrameException;
import katas.kit.process.ChildProcessTimeoutException;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.process.ProcessHygiene;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(3)
@DisplayName("Step 3: end of stream - when one end closes, the other end's receive says so, promptly")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step03_EndOfStreamTest {

    /** A receive that waits this long for a closed end is a hang that only a timeout ends. */
    static final Duration PATIENT = Duration.ofSeconds(10);

    /** How soon the end must be noticed, in ms. */
    static final long PROMPT_MILLIS = 5_000;

    /** The timeout of a count that must fail promptly, on a child that has answered before (no start-up in it). */
    static final Duration PROMPT = Duration.ofSeconds(6);

    static final String END_OF_STREAM = "When the other end closes, receive must throw EndOfStreamException once every"
            + " frame sent before was received, promptly and on every call, not return null: that is the end of stream"
            + " (step 3, Hint 2)";

    static final String NOT_ZERO = "End of stream is not an answer of 0: count must fail, naming the child, not"
            + " return a number the child never sent (step 3, Hint 4)";

    static final String DEAD_CHILD = "When the child's end closes in the middle of a conversation, count must fail"
            + " promptly with an IOException naming the child and its exit code (step 3, Hint 3)";

    static final String STILL_OPEN = "A count that times out never saw the end of stream: receive does not report it,"
            + " or the pipe is still open, held by a child's standard error merged into its output (step 3, Hint 2;"
            + " step 5)";

    static final String TELL = "A child that cannot serve what it received must say so before it ends: an ERROR frame"
            + " with the exception's message, so that the parent learns why instead of waiting for an answer";

    static String exitCode(int code) {
        return "(?s).*(exit code|exited with code|exit status|exit value)\\D{0,3}" + code + "\\b.*";
    }

    @Test
    @Telling
    @Timeout(30)
    @DisplayName("when one end closes, the other receives what was sent, then end of stream, every time (not null)")
    void endOfStreamAfterTheLastFrame() throws Exception {
        try (Pipes pipes = Pipes.duplex()) {
            pipes.left.send(Protocol.result(1));
            pipes.left.send(Protocol.result(2));
            pipes.left.close();
            assertThat(pipes.right.receive(PATIENT))
                    .as("the first frame sent before the close")
                    .isEqualTo(Protocol.result(1));
            assertThat(pipes.right.receive(PATIENT))
                    .as("the second frame sent before the close")
                    .isEqualTo(Protocol.result(2));
            for (int call = 1; call <= 2; call++) {
                long start = System.nanoTime();
                Throwable thrown = catchThrowable(() -> pipes.right.receive(Duration.ofSeconds(6)));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(thrown)
                        .as(
                                "receive(6 s), call %d after the other end closed and its two frames were received"
                                        + " (it %s after %d ms). %s",
                                call, thrown == null ? "returned null" : "threw", millis, END_OF_STREAM)
                        .isInstanceOf(EndOfStreamException.class);
                assertThat(millis)
                        .as(
                                "ms until receive reported the end of stream: promptly, not at its timeout. %s",
                                END_OF_STREAM)
                        .isLessThan(PROMPT_MILLIS);
            }
        }
    }

    @Test
    @Telling
    @Timeout(30)
    @DisplayName("a stream that ends in the middle of a frame is a half-written message: an error that says so")
    void halfWrittenFrame() throws Exception {
        try (Pipes.Raw raw = new Pipes.Raw()) {
            raw.write('R', 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 9); // RESULT(9), whole
            raw.write('R', 0, 0, 0, 8, 1, 2, 3); // RESULT, 3 of its 8 bytes
            raw.closeWriter();
            assertThat(raw.end.receive(PATIENT))
                    .as("the whole frame before the half one")
                    .isEqualTo(Protocol.result(9));
            for (int call = 1; call <= 2; call++) {
                int n = call;
                Throwable thrown = catchThrowable(() -> raw.end.receive(PATIENT));
                assertThat(thrown)
                        .as(
                                "receive, call %d, after a frame of which only 3 of 8 payload bytes came before the"
                                        + " stream ended: a half-written message, not a clean end of stream. Pass the"
                                        + " codec's FrameException on, every time (step 3, Hint 2)",
                                n)
                        .isInstanceOf(FrameException.class)
                        .hasMessageContaining("half-written");
            }
        }
    }

    @Test
    @DisplayName("a CountingChild ends by itself, with exit code 0, when the parent closes its end")
    void childEndsWhenTheParentCloses() throws Exception {
        try (Conversation talk = Conversation.withCountingChild("counter")) {
            talk.pipe.send(Protocol.count(5, 0));
            assertThat(talk.next("the RESULT of COUNT(5)", PATIENT, "")).isEqualTo(Protocol.result(5));
            talk.pipe.close();
            int code;
            try {
                code = talk.child.join(Duration.ofSeconds(10));
            } catch (ChildProcessTimeoutException e) {
                throw new AssertionError(
                        "the CountingChild was still running 10 s after the parent closed its end: its receive must"
                                + " report end of stream, and serve must then return. " + END_OF_STREAM
                                + talk.childSays(),
                        e);
            }
            assertThat(code)
                    .as(
                            "the child's exit code after the parent closed its end: 0, a normal end (at the end of"
                                    + " stream serve returns: it is how the conversation ends, not an error)%s",
                            talk.childSays())
                    .isZero();
        }
    }

    @Test
    @DisplayName("a child that closes its end: the parent's count fails promptly, naming it, and does not return 0")
    void childClosesItsEnd() throws Exception {
        try (ChildCounter counter = ChildCounter.start(Fixtures.AnswersOnceThenCloses.class, "closer")) {
            assertThat(counter.count(5, PATIENT)).as("the closer's one answer").isEqualTo(5);
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> counter.count(7, PROMPT));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .as(
                            "count(7) on a child that had closed its end after one answer: %s. %s",
                            thrown == null ? "it returned a number" : "it threw " + thrown,
                            thrown == null ? NOT_ZERO : thrown instanceof TimeoutException ? STILL_OPEN : DEAD_CHILD)
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(FrameException.class)
                    .hasMessageContaining("closer");
            assertThat(millis)
                    .as("ms until count noticed the closed end: promptly, not at its timeout. %s", END_OF_STREAM)
                    .isLessThan(PROMPT_MILLIS);
        }
    }

    @Test
    @DisplayName("a child that dies with exit code 3 mid-conversation: count fails promptly, naming it and code 3")
    void childDies() throws Exception {
        try (ChildCounter counter = ChildCounter.start(Fixtures.DiesOnSecondRequest.class, "doomed")) {
            assertThat(counter.count(5, PATIENT))
                    .as("the doomed child's first answer")
                    .isEqualTo(5);
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> counter.count(7, PROMPT));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .as("count(7) while the child 'doomed' exits with code 3. %s", DEAD_CHILD)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("doomed")
                    .hasMessageMatching(exitCode(3));
            assertThat(millis)
                    .as("ms until count noticed the dead child. %s", DEAD_CHILD)
                    .isLessThan(PROMPT_MILLIS);
        }
    }

    @Test
    @DisplayName("a child killed (kill -9) while it counts and reports progress: count fails promptly, naming it and"
            + " its exit code 137")
    void childKilledWhileCounting() throws Exception {
        try (ChildCounter counter = ChildCounter.start("victim")) {
            AtomicBoolean killed = new AtomicBoolean();
            long[] killedAt = {0};
            Throwable thrown = catchThrowable(() -> counter.count(
                    Step02_BothDirectionsTest.ENDLESS,
                    Step02_BothDirectionsTest.EVERY,
                    p -> {
                        if (killed.compareAndSet(false, true)) {
                            ProcessHandle.of(counter.pid()).ifPresent(ProcessHandle::destroyForcibly);
                            killedAt[0] = System.nanoTime();
                        }
                    },
                    PATIENT));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt[0]);
            assertThat(killed)
                    .as("the child reported progress (then the test killed it)")
                    .isTrue();
            assertThat(thrown)
                    .as("count(endless) when the child 'victim' was killed with kill -9 while counting. %s", DEAD_CHILD)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("victim")
                    .hasMessageMatching(exitCode(137));
            assertThat(millis)
                    .as("ms from the kill until count failed. %s", DEAD_CHILD)
                    .isLessThan(PROMPT_MILLIS);
        }
    }

    @Test
    @DisplayName("bad bytes from the parent (an unknown kind, a length over the limit, a half-written frame, a RESULT"
            + " that only a child sends): the child says what was wrong in an ERROR frame, then ends")
    void childTellsWhatWasWrong() throws Exception {
        checkChildRefuses(new int[] {0x7f, 0, 0, 0, 0}, false, "unknown frame kind 0x7f");
        checkChildRefuses(new int[] {'E', 0x77, 0x35, 0x94, 0x00}, false, "exceeds the limit");
        checkChildRefuses(new int[] {'C', 0, 0, 0, 16, 1, 2, 3}, true, "half-written");
        checkChildRefuses(new int[] {'R', 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 5}, false, "'R'");
    }

    private static void checkChildRefuses(int[] bytes, boolean thenClose, String says) throws Exception {
        try (Conversation talk = Conversation.withCountingChild("counter")) {
            talk.pipe.send(Protocol.count(5, 0));
            assertThat(talk.next("the RESULT of COUNT(5)", PATIENT, "")).isEqualTo(Protocol.result(5));
            OutputStream raw = talk.child.stdin();
            for (int b : bytes) {
                raw.write(b);
            }
            raw.flush();
            if (thenClose) {
                raw.close();
            }
            Frame answer = talk.next(
                    "the child's ERROR frame after the parent sent bytes that are no frame (" + says + ")",
                    PATIENT,
                    TELL);
            assertThat(answer.kind())
                    .as("the kind of the child's answer to bad bytes, %s: ERROR ('E'). %s", answer, TELL)
                    .isEqualTo(Protocol.ERROR);
            assertThat(answer.text())
                    .as("the text of the child's ERROR frame: the codec's message, which says what was wrong")
                    .contains(says);
            int code;
            try {
                code = talk.child.join(Duration.ofSeconds(10));
            } catch (ChildProcessTimeoutException e) {
                throw new AssertionError(
                        "the child still ran 10 s after it reported bad bytes: the stream is out of step, there is"
                                + " nothing more it can read; serve must end (with the exception, after the ERROR)",
                        e);
            }
            assertThat(code)
                    .as("the child's exit code after bad input: not 0, it failed")
                    .isNotZero();
        }
    }

    @Test
    @DisplayName("bad bytes from the child: count fails with a FrameException that says what was wrong")
    void parentRefusesGarbage() throws Exception {
        try (ChildCounter counter = ChildCounter.start(Fixtures.SendsGarbage.class, "garbler")) {
            Throwable thrown = catchThrowable(() -> counter.count(5, PATIENT));
            assertThat(thrown)
                    .as("count(5) when the child answers with a frame of kind 0x7f: the codec refuses it, and count"
                            + " passes the FrameException on, not a timeout, not a number")
                    .isInstanceOf(FrameException.class)
                    .hasMessageContaining("0x7f");
        }
        try (ChildCounter counter = ChildCounter.start(Fixtures.WritesHalfAFrame.class, "halfwit")) {
            Throwable thrown = catchThrowable(() -> counter.count(5, PATIENT));
            assertThat(thrown)
                    .as("count(5) when the child writes half a RESULT frame and exits: an IOException naming the"
                            + " child, that says the frame was half-written")
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("halfwit")
                    .hasMessageContaining("half-written");
        }
    }

    @Test
    @DisplayName("an ERROR frame from the child: count fails with an IOException that quotes it")
    void parentReportsTheChildsError() throws Exception {
        try (ChildCounter counter = ChildCounter.start(Fixtures.ReportsAnError.class, "grumpy")) {
            Throwable thrown = catchThrowable(() -> counter.count(5, PATIENT));
            assertThat(thrown)
                    .as(
                            "count(5) when the child answers ERROR(\"%s\"): the child said why it will not answer, and"
                                    + " count must fail at once with what it said, not wait for a RESULT",
                            Fixtures.ReportsAnError.ERROR)
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(TimeoutException.class)
                    .hasMessageContaining(Fixtures.ReportsAnError.ERROR)
                    .hasMessageContaining("grumpy");
        }
    }

    static final String TRUST_NOTHING = "The child is another program: trust nothing it sends. A frame that is not due"
            + " is a protocol error: fail at once, naming the child, the frame's kind and what was due (step 3, Hint 3)";

    @Test
    @Telling
    @Timeout(60)
    @DisplayName("a child that sends a frame that is not due (STOP, COUNT, PROGRESS nobody asked for, an unknown"
            + " kind, a RESULT that answers nothing): count fails with a protocol error naming the kind and what was"
            + " due")
    void parentRefusesFramesThatAreNotDue() throws Exception {
        try (ChildCounter counter = ChildCounter.start(Fixtures.BreaksTheProtocol.class, "stopper", "STOP")) {
            refused(
                    "count(5, progress every 1) on a child that answers with a STOP",
                    () -> counter.count(5, 1, p -> {}, PATIENT),
                    "stopper",
                    "STOP");
        }
        try (ChildCounter counter = ChildCounter.start(Fixtures.BreaksTheProtocol.class, "asker", "COUNT")) {
            refused(
                    "count(5, progress every 1) on a child that answers with a COUNT",
                    () -> counter.count(5, 1, p -> {}, PATIENT),
                    "asker",
                    "COUNT");
        }
        try (ChildCounter counter = ChildCounter.start(Fixtures.BreaksTheProtocol.class, "progressor", "PROGRESS")) {
            refused(
                    "countAll({1, 2, 3}) on a child that answers every COUNT with PROGRESS(999) (no progress was"
                            + " asked: a RESULT was due)",
                    () -> counter.countAll(new long[] {1, 2, 3}, PATIENT),
                    "progressor",
                    "PROGRESS");
        }
        try (ChildCounter counter = ChildCounter.start(Fixtures.BreaksTheProtocol.class, "progressor", "PROGRESS")) {
            refused(
                    "count(5) with no progress asked, on a child that answers PROGRESS(999)",
                    () -> counter.count(5, PATIENT),
                    "progressor",
                    "PROGRESS");
        }
        try (ChildCounter counter = ChildCounter.start(Fixtures.BreaksTheProtocol.class, "echo", "RESULT")) {
            assertThat(counter.count(5, PATIENT))
                    .as("the first answer of a child that answers COUNT(5) with RESULT(5) and then RESULT(999)")
                    .isEqualTo(5);
            refused(
                    "count(7) after the child sent RESULT(999), which answers no request (and which a count to 7"
                            + " cannot give)",
                    () -> counter.count(7, PATIENT),
                    "echo",
                    "999");
        }
        try (ChildCounter counter = ChildCounter.start(Fixtures.SendsGarbage.class, "garbler")) {
            Throwable thrown = catchThrowable(() -> counter.count(5, PATIENT));
            assertThat(thrown)
                    .as(
                            "count(5) on a child that answers with a frame of unknown kind 0x7f: the codec refuses it and"
                                    + " says which kinds it knows (the RESULT among them). %s",
                            TRUST_NOTHING)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("0x7f")
                    .hasMessageContaining("result");
        }
    }

    private static void refused(String what, ThrowingCallable call, String child, String sent) {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(call);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(thrown)
                .as("%s: %s. %s", what, thrown == null ? "it returned a number" : "it threw " + thrown, TRUST_NOTHING)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(child)
                .satisfies(e -> assertThat(e.getMessage().toLowerCase(Locale.ROOT))
                        .as(
                                "the message of %s: it names what the child sent (%s) and what was due (a RESULT). %s",
                                what, sent, TRUST_NOTHING)
                        .contains(sent.toLowerCase(Locale.ROOT), "result"));
        assertThat(millis)
                .as("ms until %s failed: at once, not at its timeout. %s", what, TRUST_NOTHING)
                .isLessThan(PROMPT_MILLIS);
    }

    @Test
    @Telling
    @DisplayName("an ERROR text full of control characters (ESC, CR, BEL) and 1 MiB long: count quotes it printable"
            + " and short")
    void errorTextIsQuotedPrintableAndShort() throws Exception {
        try (ChildCounter counter = ChildCounter.start(Fixtures.FloodsErrors.class, "shouter", "1")) {
            Throwable thrown = catchThrowable(() -> counter.count(5, PATIENT));
            assertThat(thrown)
                    .as("count(5) on a child that sent ERROR(1 MiB of text that starts with ESC, CR and BEL)")
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(TimeoutException.class)
                    .hasMessageContaining("fake: all tests passed");
            String message = thrown.getMessage();
            assertThat(message.chars()
                            .filter(c -> c != '\n' && Character.isISOControl(c))
                            .count())
                    .as(
                            "control characters (ESC, CR, BEL...) in count's message, which quotes the child's ERROR."
                                    + " %s",
                            PRINTABLE)
                    .isZero();
            assertThat(message.length())
                    .as("characters in count's message, which quotes an ERROR text of 1,048,576. %s", PRINTABLE)
                    .isLessThan(2_000);
            assertThat(message)
                    .as("count's message, cut: it must say that the text was cut. %s", PRINTABLE)
                    .containsAnyOf("...", "\u2026", "more", "cut", "not shown");
        }
    }

    static final String PRINTABLE = "The child chose those characters: quote a peer's text printable and short, with"
            + " frame.printableText(QUOTE) (step 3, Hint 3)";
}
