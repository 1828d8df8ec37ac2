package katas.testkit.explore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import katas.kit.frame.Frame;
import katas.kit.frame.FrameCodec;

/**
 * The explorer's scenario for a sender that threads share ({@link Explorer}): two threads send one whole frame each
 * through one sender onto one in-memory pipe; after both joined, the pipe must hold the two frames whole, one after
 * the other (in either order). A sender that lets the two threads' writes interleave tears the frames, and the model
 * checker finds the order of the steps that did it. {@link #table} turns its report into the board's table: the
 * learner's lines, one column per thread, and what each write put on the pipe ({@code kind 'C'}, {@code length 16},
 * {@code payload, 16 B}).
 *
 * <p>The pipe is a byte array and a position: each write call takes its place at once (one atomic step, as a small
 * write to a real pipe lands whole) and then copies its bytes there, so the calls of two threads interleave freely,
 * with as few steps for the model checker as a write can have.
 */
public final class TwoWriters {

    private TwoWriters() {}

    /** A sender under test: sends one whole frame, from any thread. */
    @FunctionalInterface
    public interface FrameSender {
        void send(Frame frame) throws IOException;
    }

    /** The start of the scenario's failure message. */
    public static final String TORN = "the frames were torn";

    /** The file of the pipe's code in the model checker's report: its rows are the writes. */
    static final String PIPE_FILE = "TwoWriters.java";

    /** An in-memory pipe: each write call takes its place in one atomic step, then copies its bytes there. */
    static final class Pipe extends OutputStream {
        private final byte[] bytes;
        private final AtomicInteger count = new AtomicInteger();

        Pipe(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            int at = count.getAndIncrement();
            if (at < bytes.length) {
                bytes[at] = (byte) b;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            int at = count.getAndAdd(len);
            if (at + len <= bytes.length) {
                System.arraycopy(b, off, bytes, at, len);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, Math.min(count.get(), bytes.length));
        }
    }

    /**
     * The scenario: a new pipe, a sender {@code make}s on it, {@code first} sent on one thread and {@code second} on
     * another; then the pipe must hold both, each whole, one after the other. Call it outside the exploration (it
     * encodes the two expected orders with {@code codec} at once); run the returned scenario inside it.
     */
    public static Runnable scenario(
            FrameCodec codec, Frame first, Frame second, Function<OutputStream, FrameSender> make) {
        byte[] firstThenSecond = encode(codec, first, second);
        byte[] secondThenFirst = encode(codec, second, first);
        int capacity = 4 * firstThenSecond.length;
        return () -> {
            Pipe pipe = new Pipe(capacity);
            FrameSender sender = make.apply(pipe);
            Thread one = new Thread(() -> send(sender, first));
            Thread two = new Thread(() -> send(sender, second));
            one.start();
            two.start();
            try {
                one.join();
                two.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            byte[] got = pipe.toByteArray();
            if (!Arrays.equals(got, firstThenSecond) && !Arrays.equals(got, secondThenFirst)) {
                throw new Torn(codec, got);
            }
        };
    }

    /**
     * The scenario's failure. Its message is made only when asked for, after the exploration: made inside it (a
     * reader's exception and its message), every step of it would go into the model checker's report.
     */
    private static final class Torn extends AssertionError {
        private final transient FrameCodec codec;
        private final byte[] bytes;

        Torn(FrameCodec codec, byte[] bytes) {
            this.codec = codec;
            this.bytes = bytes;
        }

        @Override
        public String getMessage() {
            return TORN + ": " + read(codec, bytes);
        }
    }

    /** The canary's scenario: {@link #scenario} with a {@link WriterCanary}, made inside the exploration too. */
    public static Runnable canary(FrameCodec codec, Frame first, Frame second) {
        return scenario(codec, first, second, out -> new WriterCanary(codec, out));
    }

    private static void send(FrameSender sender, Frame frame) {
        try {
            sender.send(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(FrameCodec codec, Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Frame f : frames) {
                codec.write(out, f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What a reader makes of the bytes, in short: the frames it read, then what stopped it. */
    static String read(FrameCodec codec, byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        List<String> frames = new ArrayList<>();
        String end;
        try {
            for (Frame f = codec.read(in); f != null; f = codec.read(in)) {
                frames.add(kind(f));
            }
            end = frames.size() == 2 ? "" : ", then the end";
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            int colon = why.indexOf(':');
            end = ", then no frame (" + (colon < 0 ? why : why.substring(0, colon)) + ")";
        }
        String read = frames.isEmpty()
                ? "nothing"
                : frames.size() == 1 ? "a " + frames.get(0) + " frame" : String.join(" and ", frames) + " frames";
        return "a reader read " + read + end;
    }

    private static String kind(Frame f) {
        int kind = f.kind() & 0xff;
        return kind >= 0x21 && kind <= 0x7e ? "'" + (char) kind + "'" : Frame.kindText(f.kind());
    }

    /** A write on the pipe in the report: its position taken, {@code getAndIncrement(): 0} or {@code getAndAdd(4): 1}. */
    private static final Pattern WRITE = Pattern.compile("^count\\.getAnd(?:Increment\\(\\)|Add\\((\\d+)\\)): \\d+$");

    /**
     * The board's table of the order that tore the frames ({@link Trace#table}): the learner's steps (rows at one of
     * {@code learnerFiles}), where each write on the pipe takes the place of the call of the learner's line that
     * made it and says what it wrote, read from its size: thread 1 sent {@code first}, thread 2 {@code second}.
     * Empty if the report shows no step of the learner's code.
     */
    public static List<String> table(String report, Set<String> learnerFiles, Path sources, Frame first, Frame second) {
        Set<String> files = new java.util.TreeSet<>(learnerFiles);
        files.add(PIPE_FILE);
        Trace trace = Trace.parse(report, files);
        List<Trace.Row> rows = new ArrayList<>();
        Map<Integer, Integer> lastLearner = new HashMap<>(); // thread -> index in rows of its last learner step
        Map<Integer, Trace.Row> caller = new HashMap<>(); // thread -> its last learner step
        for (Trace.Row r : trace.steps()) {
            if (!r.file().equals(PIPE_FILE) || learnerFiles.contains(PIPE_FILE)) {
                caller.put(r.thread(), r);
                lastLearner.put(r.thread(), rows.size());
                rows.add(r);
                continue;
            }
            Matcher m = WRITE.matcher(r.what());
            Trace.Row call = caller.get(r.thread());
            if (!m.matches() || call == null) {
                continue; // the pipe's other steps, or a write not made from the learner's code
            }
            Integer at = lastLearner.remove(r.thread());
            if (at != null && rows.get(at) == call && call.what().contains("(")) {
                rows.set(at, null); // the call that wrote: its writes say what it did
            }
            int size = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
            Frame sent = r.thread() == 1 ? first : r.thread() == 2 ? second : null;
            rows.add(new Trace.Row(r.thread(), call.file(), call.line(), written(sent, size)));
        }
        rows.removeIf(Objects::isNull);
        return new Trace(trace.threads(), rows).table(sources);
    }

    /** What a write of {@code size} bytes of {@code frame} was: its kind, its length, its payload, or all of it. */
    static String written(Frame frame, int size) {
        if (frame == null) {
            return size + (size == 1 ? " byte" : " bytes");
        }
        String k = kind(frame);
        if (size == frame.length() + 5) {
            return "frame " + k + ", " + size + " B";
        }
        if (size == 1) {
            return "kind " + k;
        }
        if (size == 4) {
            return "length " + frame.length();
        }
        if (size == frame.length()) {
            return "payload, " + size + " B";
        }
        return size + (size == 1 ? " byte" : " bytes");
    }
}
