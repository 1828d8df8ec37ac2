package katas.processpipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;

/**
 * Test support: two of the learner's {@link PipeEnd}s in this JVM, joined by two real operating-system pipes
 * ({@link Pipe}: on Linux a {@code pipe(2)} of 64 KiB, the same kind a child's standard input and output are), one
 * each way. Quick to make: no child JVM. Test code.
 */
final class Pipes implements AutoCloseable {

    final PipeEnd left;
    final PipeEnd right;

    private Pipes(PipeEnd left, PipeEnd right) {
        this.left = left;
        this.right = right;
    }

    /** {@code left} and {@code right}, each the other's peer. */
    static Pipes duplex() throws IOException {
        Pipe toRight = Pipe.open();
        Pipe toLeft = Pipe.open();
        PipeEnd left = new PipeEnd("right", in(toLeft), out(toRight));
        PipeEnd right;
        try {
            right = new PipeEnd("left", in(toRight), out(toLeft));
        } catch (RuntimeException | Error e) {
            left.close();
            throw e;
        }
        return new Pipes(left, right);
    }

    /** A pipe whose writing end the test holds, as raw bytes, and whose reading end is a learner's PipeEnd. */
    static final class Raw implements AutoCloseable {
        final PipeEnd end;
        private final Pipe pipe;

        Raw() throws IOException {
            pipe = Pipe.open();
            end = new PipeEnd("raw writer", in(pipe), OutputStream.nullOutputStream());
        }

        /** Writes these bytes, as they are, into the pipe. */
        void write(int... bytes) throws IOException {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                b[i] = (byte) bytes[i];
            }
            ByteBuffer buffer = ByteBuffer.wrap(b);
            while (buffer.hasRemaining()) {
                pipe.sink().write(buffer);
            }
        }

        /** Closes the writing end: the reader sees the end of the stream after what was written. */
        void closeWriter() throws IOException {
            pipe.sink().close();
        }

        @Override
        public void close() throws IOException {
            try {
                end.close();
            } finally {
                pipe.sink().close();
                pipe.source().close();
            }
        }
    }

    private static InputStream in(Pipe pipe) {
        return Channels.newInputStream(pipe.source());
    }

    private static OutputStream out(Pipe pipe) {
        return Channels.newOutputStream(pipe.sink());
    }

    @Override
    public void close() {
        try {
            left.close();
        } finally {
            right.close();
        }
    }
}
