package katas.testkit.explore;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import katas.kit.frame.Frame;
import katas.kit.frame.FrameCodec;

/**
 * The canary of the two-writers check ({@link TwoWriters}): a sender known to tear frames when threads share it. It
 * writes a frame with the codec, three calls on the stream (kind, length, payload), then flushes, with no lock, as a
 * learner's sender without a lock does. Its scenario runs exactly as the learner's sender's does (made inside the
 * exploration, called the same way), so a model checker that does not catch it would not catch the learner's mistake
 * either, and is not trusted.
 */
public final class WriterCanary implements TwoWriters.FrameSender {

    private final FrameCodec codec;
    private final OutputStream out;

    public WriterCanary(FrameCodec codec, OutputStream out) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void send(Frame frame) throws IOException {
        codec.write(out, frame); // three calls: kind, length, payload; nothing keeps another thread out between them
        out.flush();
    }
}
