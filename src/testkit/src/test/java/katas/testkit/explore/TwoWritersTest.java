package katas.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import katas.kit.frame.Frame;
import katas.kit.frame.FrameCodec;
import katas.kit.frame.FrameCodec.Kind;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.KitFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two-writers check's canary ({@link WriterCanary}), explored the way kata 03's step 6 explores it: in a child
 * JVM of its own, made inside the exploration, before the sender under test.
 */
@Timeout(120)
public class TwoWritersTest {

    static final FrameCodec CODEC =
            FrameCodec.of(1024, Kind.fixed('C', "count", 2 * Long.BYTES), Kind.fixed('P', "progress", Long.BYTES));

    static final Frame FIRST = Frame.ofLongs((byte) 'C', 1, 2);
    static final Frame SECOND = Frame.ofLongs((byte) 'P', 3);

    /** A correct sender: one lock around the whole frame. */
    public static final class Locked implements TwoWriters.FrameSender {
        private final OutputStream out;

        public Locked(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void send(Frame frame) throws IOException {
            CODEC.write(out, frame);
            out.flush();
        }
    }

    /**
     * The child: {@code torn}: the canary, then the canary again as the sender under test (it must be caught, with a
     * table); {@code broken}: a correct sender in the canary's place, then the canary. (A correct sender explored
     * after the canary is kata 03's solution, in its step 6.)
     */
    public static void main(String[] args) {
        String mode = args[0];
        Runnable canary = TwoWriters.canary(CODEC, FIRST, SECOND);
        // Lambdas, not constructor references: a class is first loaded inside the exploration.
        Runnable locked = TwoWriters.scenario(CODEC, FIRST, SECOND, out -> new Locked(out));
        Explorer.main("sender", mode.equals("broken") ? locked : canary, canary, 100, System.out);
        System.exit(0);
    }

    static Explorer.Verdict child(String mode) throws InterruptedException {
        Path tmp = KitFiles.createPrivateDirectory(); // the agent's bootstrap jar goes here, not into /tmp
        try (ChildProcess child = ChildJvm.main(TwoWritersTest.class)
                .name("two-writers-" + mode)
                .jvmArgs("-XX:+DisplayVMOutputToStderr", "-Djava.io.tmpdir=" + tmp)
                .args(mode)
                .start()) {
            child.awaitSuccess(Duration.ofSeconds(100));
            return Explorer.Verdict.parse(child.stdoutText());
        } finally {
            KitFiles.deleteRecursively(tmp);
        }
    }

    @Test
    @DisplayName("the canary, a sender with no lock, is caught on this JDK (on JDK 17 it must be), and so is the same"
            + " sender under test, with a table of each thread's writes at its lines; or the verdict says the"
            + " explorer is blind here")
    void canaryCaughtOrBlindSaid() throws Exception {
        Explorer.Verdict v = child("torn");
        System.out.println(
                "Java " + Runtime.version().feature() + ": " + v.getClass().getSimpleName());
        if (v instanceof Explorer.Verdict.Blind blind) {
            assertThat(Runtime.version().feature()).as("blind on JDK 17").isNotEqualTo(17);
            assertThat(blind.why())
                    .isEqualTo(String.format(Explorer.BLIND, Runtime.version().feature(), "sender"));
            return;
        }
        assertThat(v).isInstanceOf(Explorer.Verdict.Caught.class);
        String trace = ((Explorer.Verdict.Caught) v).trace();
        assertThat(trace).contains(TwoWriters.TORN + ": a reader read");
        List<String> table =
                TwoWriters.table(trace, Set.of("WriterCanary.java"), Path.of("no-such-folder"), FIRST, SECOND);
        System.out.println(String.join("\n", table));
        assertThat(table).hasSizeBetween(4, Trace.MAX_ROWS + 2).allMatch(l -> l.charAt(0) == Trace.BAR);
        assertThat(table.get(0)).contains("your code: WriterCanary.java", "thread 1", "thread 2");
        String all = String.join("\n", table);
        assertThat(all).contains("kind 'C'", "kind 'P'", "length 16", "length 8", "flush()");
        assertThat(all).doesNotContain("CODEC.write", "getAndAdd");
    }

    @Test
    @DisplayName("a broken canary (a correct sender in its place) makes the verdict blind, with the fallback sentence")
    void brokenCanaryFallsBack() throws Exception {
        Explorer.Verdict v = child("broken");
        assertThat(v).isInstanceOf(Explorer.Verdict.Blind.class);
        assertThat(((Explorer.Verdict.Blind) v).why())
                .isEqualTo(String.format(Explorer.BLIND, Runtime.version().feature(), "sender"))
                .contains("fall back");
    }

    @Test
    @DisplayName("a write is named by its size: a kind, a length, a payload, a whole frame")
    void writtenNames() {
        assertThat(TwoWriters.written(FIRST, 1)).isEqualTo("kind 'C'");
        assertThat(TwoWriters.written(FIRST, 4)).isEqualTo("length 16");
        assertThat(TwoWriters.written(FIRST, 16)).isEqualTo("payload, 16 B");
        assertThat(TwoWriters.written(SECOND, 13)).isEqualTo("frame 'P', 13 B");
        assertThat(TwoWriters.written(SECOND, 3)).isEqualTo("3 bytes");
        assertThat(TwoWriters.written(null, 1)).isEqualTo("1 byte");
    }
}
