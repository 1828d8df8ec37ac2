package katas.processpipe;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Test support: an in-memory pipe for many writer threads. Like a small write to a real pipe, each write call lands
 * whole (its bytes are never mixed with another call's), but the calls of different threads interleave freely: each
 * call appends its bytes as one chunk, without a lock, so no writer ever waits for another (a lock inside the stream
 * would make writers queue up, and hide most interleavings). Test code.
 */
final class Wire extends OutputStream {

    private final ConcurrentLinkedQueue<byte[]> chunks = new ConcurrentLinkedQueue<>();

    @Override
    public void write(int b) {
        chunks.add(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) {
        chunks.add(Arrays.copyOfRange(b, off, off + len));
    }

    /** Every byte written so far, chunk after chunk, in the order the calls landed. */
    byte[] toByteArray() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
