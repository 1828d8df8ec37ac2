package katas.kit.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A bounded record of one output stream of a child process: the first {@link #HEAD_BYTES} bytes and the last
 * {@link #TAIL_BYTES}, with a marker that says how many bytes in between were dropped. One drain thread calls
 * {@link #append}; any thread may call {@link #text()}, {@link #tail(int)} and {@link #totalBytes()} and gets a
 * consistent snapshot (all methods synchronise on this object; none blocks for long).
 */
final class OutputCapture {

    static final int HEAD_BYTES = 8 * 1024;
    static final int TAIL_BYTES = 56 * 1024;

    private final byte[] head = new byte[HEAD_BYTES];
    private final byte[] tail = new byte[TAIL_BYTES];
    private int headLength;
    /** Next write position in the ring {@code tail}. */
    private int tailPosition;
    /** Bytes held in {@code tail}, at most {@code TAIL_BYTES}. */
    private int tailLength;

    private long total;

    synchronized void append(byte[] bytes, int offset, int length) {
        total += length;
        int toHead = Math.min(length, HEAD_BYTES - headLength);
        System.arraycopy(bytes, offset, head, headLength, toHead);
        headLength += toHead;
        offset += toHead;
        length -= toHead;
        if (length > TAIL_BYTES) {
            offset += length - TAIL_BYTES;
            length = TAIL_BYTES;
        }
        while (length > 0) {
            int chunk = Math.min(length, TAIL_BYTES - tailPosition);
            System.arraycopy(bytes, offset, tail, tailPosition, chunk);
            tailPosition = (tailPosition + chunk) % TAIL_BYTES;
            tailLength = Math.min(TAIL_BYTES, tailLength + chunk);
            offset += chunk;
            length -= chunk;
        }
    }

    /** Everything kept, decoded as UTF-8, with an omission marker where bytes were dropped. */
    synchronized String text() {
        String start = new String(head, 0, headLength, StandardCharsets.UTF_8);
        long omitted = total - headLength - tailLength;
        String end = new String(tailBytes(), StandardCharsets.UTF_8);
        if (omitted > 0) {
            return start + "\n... " + omitted + " bytes omitted ...\n" + end;
        }
        return start + end;
    }

    /** The last {@code maxChars} characters of {@link #text()} (all of it if shorter). */
    synchronized String tail(int maxChars) {
        String all = text();
        if (all.length() <= maxChars) {
            return all;
        }
        return "..." + all.substring(all.length() - maxChars);
    }

    /** How many bytes the child wrote to the stream so far, kept or not. */
    synchronized long totalBytes() {
        return total;
    }

    private byte[] tailBytes() {
        byte[] copy = new byte[tailLength];
        int start = (tailPosition - tailLength + TAIL_BYTES) % TAIL_BYTES;
        int first = Math.min(tailLength, TAIL_BYTES - start);
        System.arraycopy(tail, start, copy, 0, first);
        System.arraycopy(tail, 0, copy, first, tailLength - first);
        return copy;
    }

    /**
     * Starts a daemon thread that copies {@code stream} into {@code capture} until end of stream
     * (the child and every process that inherited the pipe closed it) or an I/O error.
     */
    static Thread drain(InputStream stream, OutputCapture capture, String threadName) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = stream) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            capture.append(buffer, 0, n);
                        }
                    } catch (IOException closedUnderUs) {
                        // The stream was closed by close(): nothing more to record.
                    }
                },
                threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
