package katas.processpipe;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import katas.kit.frame.Frame;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * jcstress tests of the kata's one race inside a JVM: two threads of one process send a frame each into one pipe at
 * the same moment. Each actor sends one frame (a COUNT of 21 bytes, a PROGRESS of 13); the arbiter reads the bytes
 * back with {@link Protocol#CODEC} and reports {@code whole} (both frames, each intact) or {@code torn}.
 *
 * <p>The "pipe" is an in-memory {@link Wire}: every write call lands whole, as a small write to a real pipe does;
 * what can interleave is the calls, and a frame is three of them. The two tests are identical but for the writer: the codec's {@code write} with no lock (what a sender without
 * a lock does) must show torn frames; the learner's {@link Sender} must never. Run them with
 * {@code ./mvnw test -Pjcstress -pl katas/03-process-pipe -am}; {@link RaceProofsTest} gates on them.
 */
public class SenderStress {

    private SenderStress() {}

    static final Frame FIRST = Protocol.count(1, 2);
    static final Frame SECOND = Protocol.progress(3);

    /** "whole" if the bytes are exactly the two frames, in either order, each intact; else "torn". */
    static String judge(Wire wire) {
        InputStream in = new ByteArrayInputStream(wire.toByteArray());
        Set<Frame> frames = new HashSet<>();
        try {
            for (Frame f = Protocol.CODEC.read(in); f != null; f = Protocol.CODEC.read(in)) {
                frames.add(f);
            }
        } catch (IOException notFrames) {
            return "torn";
        }
        return frames.equals(Set.of(FIRST, SECOND)) ? "whole" : "torn";
    }

    @JCStressTest
    @Outcome(id = "whole", expect = ACCEPTABLE, desc = "both frames arrived, each intact")
    @Outcome(
            id = "torn",
            expect = ACCEPTABLE_INTERESTING,
            desc = "torn frames: the writes of the two frames interleaved")
    @State
    public static class NoLock {
        final Wire wire = new Wire();

        @Actor
        public void thread1() {
            write(FIRST);
        }

        @Actor
        public void thread2() {
            write(SECOND);
        }

        private void write(Frame frame) {
            try {
                Protocol.CODEC.write(wire, frame); // three calls, no lock around them
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Arbiter
        public void reader(L_Result r) {
            r.r1 = judge(wire);
        }
    }

    @JCStressTest
    @Outcome(id = "whole", expect = ACCEPTABLE, desc = "both frames arrived, each intact")
    @Outcome(id = "torn", expect = FORBIDDEN, desc = "torn frames: the writes of the two frames interleaved")
    @State
    public static class LearnersSender {
        final Wire wire = new Wire();
        final Sender sender = new Sender(wire);

        @Actor
        public void thread1() {
            send(FIRST);
        }

        @Actor
        public void thread2() {
            send(SECOND);
        }

        private void send(Frame frame) {
            try {
                sender.send(frame);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Arbiter
        public void reader(L_Result r) {
            r.r1 = judge(wire);
        }
    }
}
