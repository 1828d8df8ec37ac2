package katas.sharedmemory;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import katas.kit.process.ChildProcess;
import katas.kit.process.KitFiles;
import katas.kit.shm.Segment;

/**
 * Test support: segments for the tests, and the tests' own access to a segment's longs, independent of the
 * learner's {@link SharedLong} (so that a test can set up and check a segment whatever the learner's code does).
 * Test code only.
 */
final class Shm {

    /** The tests' own view of a segment's bytes as longs (the same thing SharedLong does, in test code). */
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private Shm() {}

    /**
     * A segment for this JVM alone: created and unlinked at once. The mapping stays usable, and no file exists
     * that a killed test JVM could leave behind.
     */
    static Segment inThisJvm(String label, long size) throws IOException {
        Segment segment = Segment.create(label, size);
        segment.unlink();
        return segment;
    }

    static long read(ByteBuffer memory, int offset) {
        return (long) LONGS.getVolatile(memory, offset);
    }

    static void write(ByteBuffer memory, int offset, long value) {
        LONGS.setVolatile(memory, offset, value);
    }

    static long add(ByteBuffer memory, int offset, long delta) {
        return (long) LONGS.getAndAdd(memory, offset, delta);
    }

    /** Closes and unlinks a segment, for finally blocks. */
    static void dispose(Segment segment) throws IOException {
        if (segment != null) {
            segment.close();
            segment.unlink();
        }
    }

    /** The segment files of this JVM that exist now ({@code katas-<this pid>-<run>-shm-*}). */
    static Set<Path> segmentFilesOfThisJvm() throws IOException {
        String prefix = KitFiles.PREFIX + ProcessHandle.current().pid() + "-" + KitFiles.runId() + "-shm-";
        try (Stream<Path> files = Files.list(Segment.directory())) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .collect(Collectors.toSet());
        }
    }

    /** Waits (at most {@code atMost}) until the child printed {@code text}; fails with its output if it died first. */
    static void awaitPrinted(ChildProcess child, String text, Duration atMost) throws InterruptedException {
        await("child " + child.name() + " to print '" + text + "'")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> child.stdoutText().contains(text) || !child.isAlive());
        if (!child.stdoutText().contains(text)) {
            child.awaitSuccess(Duration.ofSeconds(10)); // throws, quoting what it wrote to standard error
            throw new AssertionError(child + " ended without printing '" + text + "': " + child.stderrText());
        }
    }

    /**
     * Runs {@code call} on a thread of its own and waits for it at most {@code bound}: a call that waits for a
     * semaphore nobody will release fails the test with {@code hang} instead of hanging it. Returns what the call
     * returned; rethrows what it threw.
     */
    static <T> T within(Duration bound, String hang, Callable<T> call) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        outcome.set(new Object[] {call.call()});
                    } catch (Throwable t) {
                        outcome.set(t);
                    }
                },
                "bounded-call");
        thread.setDaemon(true);
        thread.start();
        thread.join(bound.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError(hang + " (still running after " + bound.toSeconds() + " s)");
        }
        Object done = outcome.get();
        if (done instanceof Exception e) {
            throw e;
        }
        if (done instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T result = (T) ((Object[]) done)[0];
        return result;
    }
}
