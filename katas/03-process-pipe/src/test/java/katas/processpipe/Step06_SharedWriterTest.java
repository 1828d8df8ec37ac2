package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import katas.kit.frame.Frame;
import katas.testkit.Races;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.Together;
import katas.testkit.explore.Explorer;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(6)
@DisplayName("Step 6: one pipe, many writer threads - a frame is several writes: one lock around each frame")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step06_SharedWriterTest {

    static final String TORN = "Torn frames: threads that share one Sender interleave the three writes of a frame."
            + " Sender.send must hold one lock, the same for every thread, around the whole write and the flush (step 6,"
            + " Hint 2)";

    static final int THREADS = 4;

    static final int EACH = 10_000;

    @Test
    @Telling
    @DisplayName("2 threads, a frame each through one Sender, in memory: no order of their steps tears a frame (all"
            + " explored; where the explorer is blind, 4 threads x 10,000 frames, 2 to 10 rounds under preemption"
            + " noise)")
    void framesArriveWholeInMemory(TestReporter report) throws Exception {
        new Sender(new ByteArrayOutputStream()).send(frame(0, 0)); // a stub fails here, before a child JVM starts
        Explorer.Verdict verdict = ExploredWriters.run();
        if (verdict instanceof Explorer.Verdict.Caught caught) {
            throw new AssertionError(String.format(
                    "Sender shared by 2 threads, a frame each: %s. The order of their steps that did it, and what"
                            + " each write put on the pipe:%s%n%s",
                    ExploredWriters.what(caught), ExploredWriters.table(caught), TORN));
        }
        if (verdict instanceof Explorer.Verdict.Passed passed) {
            String line = String.format(
                    Locale.ROOT,
                    "Sender, 2 threads x 1 frame: %d orders of their steps explored in %.1f s, every frame whole",
                    passed.invocations(),
                    passed.millis() / 1000.0);
            System.out.println("  " + line);
            report.publishEntry("explored", line);
            return;
        }
        ExploredWriters.blind((Explorer.Verdict.Blind) verdict, report);
        Races.Outcome<String> torn = Races.repeat(2, 10, Duration.ofSeconds(2), round -> sendTogether());
        System.out.printf(
                "  Sender shared by %d threads x %,d frames: %s, %s%n",
                THREADS,
                EACH,
                torn.summary("round"),
                torn.sighting().isPresent() ? "TORN FRAMES" : "every frame whole");
        assertThat(torn.seen())
                .as(
                        "(no order of the steps to show: the model checker is blind or too slow here, see the log)"
                                + " what the reader found in the bytes %d threads sent through one Sender (%s). %s",
                        THREADS, torn.summary("round"), TORN)
                .isNull();
    }

    /**
     * One round: {@link #THREADS} threads send {@link #EACH} frames each through one Sender into one in-memory stream
     * whose every write call is whole (as a write of a few bytes to a pipe is); the frames are of three kinds and
     * lengths, and carry their thread and number. Returns what was wrong with the bytes, or null.
     */
    private static String sendTogether() throws Exception {
        Wire wire = new Wire(); // each write call lands whole, as a small write to a pipe does
        Sender sender = new Sender(wire);
        Together.run(THREADS, Duration.ofSeconds(30), t -> {
            try {
                for (int i = 0; i < EACH; i++) {
                    sender.send(frame(t, i));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        InputStream in = new ByteArrayInputStream(wire.toByteArray());
        int[] next = new int[THREADS];
        int frames = 0;
        try {
            for (Frame f = Protocol.CODEC.read(in); f != null; f = Protocol.CODEC.read(in), frames++) {
                long[] tag = tagOf(f);
                int t = (int) tag[0];
                if (t < 0 || t >= THREADS || tag[1] != next[t] || !f.equals(frame(t, next[t]))) {
                    return "frame " + (frames + 1) + " is " + f + ", which no thread sent next";
                }
                next[t]++;
            }
        } catch (IOException e) {
            return "after " + frames + " whole frames the bytes were not a frame: " + e.getMessage();
        }
        return frames == THREADS * EACH ? null : frames + " frames arrived of " + THREADS * EACH;
    }

    /** Frame {@code i} of thread {@code t}: a COUNT (16 bytes), a RESULT (8) or an ERROR (19 to 70), by turns. */
    static Frame frame(int t, int i) {
        return switch (i % 3) {
            case 0 -> Protocol.count(t, i);
            case 1 -> Protocol.result(((long) t << 32) | i);
            default -> Protocol.error(t + " " + i + " " + "x".repeat(i % 50));
        };
    }

    private static long[] tagOf(Frame f) {
        if (f.kind() == Protocol.COUNT) {
            return f.longs();
        }
        if (f.kind() == Protocol.RESULT) {
            long v = f.longs()[0];
            return new long[] {v >>> 32, v & 0xffff_ffffL};
        }
        String[] words = f.text().split(" ");
        try {
            return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1])};
        } catch (RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    @Test
    @DisplayName("2 parent threads share one PipeEnd to a CountingChild, 2 to 5 rounds of 5,000 requests each under"
            + " preemption noise: every request arrives whole and is answered")
    void twoThreadsOnePipeToAChild() throws Exception {
        int each = 5_000;
        try (Conversation talk = Conversation.withCountingChild("counter")) {
            Races.Outcome<String> torn = Races.repeat(2, 5, Duration.ofSeconds(3), round -> {
                AtomicReference<String> wrong = new AtomicReference<>();
                Thread receiver = new Thread(
                        () -> {
                            try {
                                long sum = 0;
                                for (int i = 0; i < 2 * each; i++) {
                                    Frame answer = talk.next(
                                            "answer " + (i + 1) + " of " + 2 * each, Duration.ofSeconds(10), TORN);
                                    if (answer.kind() != Protocol.RESULT) {
                                        wrong.set("the child answered " + answer + ": "
                                                + (answer.kind() == Protocol.ERROR ? answer.text() : "not a RESULT"));
                                        return;
                                    }
                                    sum += answer.longs()[0];
                                }
                                if (sum != 2L * each) {
                                    wrong.set("the answers add up to " + sum + ", not " + 2 * each);
                                }
                            } catch (Throwable e) {
                                wrong.compareAndSet(null, e.getMessage());
                            }
                        },
                        "receiver");
                receiver.setDaemon(true);
                receiver.start();
                try {
                    Together.run(2, Duration.ofSeconds(30), t -> {
                        try {
                            for (int i = 0; i < each; i++) {
                                talk.pipe.send(Protocol.count(1, 0));
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException("send failed (did the child end?): " + e, e);
                        }
                    });
                } catch (AssertionError e) {
                    receiver.join(12_000);
                    return wrong.get() != null ? wrong.get() : e.getMessage();
                }
                receiver.join(60_000);
                return receiver.isAlive() ? "the answers did not all arrive within 60 s" : wrong.get();
            });
            assertThat(torn.seen())
                    .as(
                            "what went wrong with 2 threads sending COUNT frames through one PipeEnd to a CountingChild"
                                    + " (%s). %s",
                            torn.summary("round"), TORN)
                    .isNull();
        }
    }
}
