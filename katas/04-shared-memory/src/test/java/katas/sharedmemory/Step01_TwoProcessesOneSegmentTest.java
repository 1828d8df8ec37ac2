package katas.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.shm.Segment;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(1)
@DisplayName("Step 1: two processes see one segment")
@ExtendWith(ProcessHygiene.class)
@Timeout(60)
class Step01_TwoProcessesOneSegmentTest {

    static final long SIZE = 32;
    static final Duration CHILD = Duration.ofSeconds(30);

    static final String SHARED = "Both processes map the same file: SharedLong must read and write the segment's"
            + " buffer at its offset, through a byteBufferViewVarHandle (step 1, Hint 2)";

    @Test
    @DisplayName("in one process: set then get at offsets 0 to 24 return what was set, each long apart from the others")
    void setThenGet() throws Exception {
        try (Segment segment = Shm.inThisJvm("step1-local", SIZE)) {
            for (int offset = 0; offset < SIZE; offset += 8) {
                new SharedLong(segment, offset).set(1_000L + offset);
            }
            ByteBuffer memory = segment.buffer();
            for (int offset = 0; offset < SIZE; offset += 8) {
                assertThat(new SharedLong(segment, offset).get())
                        .as("get() at offset %d after set(%d) there and at the other offsets", offset, 1_000 + offset)
                        .isEqualTo(1_000L + offset);
                assertThat(Shm.read(memory, offset))
                        .as(
                                "the segment's long at byte %d after set(%d) at offset %d. %s",
                                offset, 1_000 + offset, offset, SHARED)
                        .isEqualTo(1_000L + offset);
            }
            SharedLong big = new SharedLong(segment, 8);
            big.set(Long.MIN_VALUE + 5);
            assertThat(big.get())
                    .as("get() after set(Long.MIN_VALUE + 5): all 64 bits")
                    .isEqualTo(Long.MIN_VALUE + 5);
        }
    }

    @Test
    @DisplayName("what a child process writes with set(), the parent reads with get()")
    void childWritesParentReads() throws Exception {
        Segment segment = Segment.create("step1-child-writes", SIZE);
        try {
            SharedLong value = new SharedLong(segment, 16); // a stub fails here, before a child starts
            try (ChildProcess child = ChildJvm.main(Fixtures.Poke.class)
                    .shortLived()
                    .args(segment.name(), String.valueOf(SIZE), "16", "42")
                    .start()) {
                child.awaitSuccess(CHILD);
            }
            assertThat(value.get())
                    .as("get() at offset 16 in the parent after a child process did set(42) there. %s", SHARED)
                    .isEqualTo(42);
        } finally {
            Shm.dispose(segment);
        }
    }

    @Test
    @DisplayName("what the parent writes with set(), a child process reads with get()")
    void parentWritesChildReads() throws Exception {
        Segment segment = Segment.create("step1-parent-writes", SIZE);
        try {
            new SharedLong(segment, 24).set(-7);
            try (ChildProcess child = ChildJvm.main(Fixtures.Peek.class)
                    .shortLived()
                    .args(segment.name(), String.valueOf(SIZE), "24")
                    .start()) {
                child.awaitSuccess(CHILD);
                assertThat(child.stdoutText().strip())
                        .as(
                                "what a child process's get() at offset 24 read after the parent did set(-7) there. %s",
                                SHARED)
                        .isEqualTo("-7");
            }
        } finally {
            Shm.dispose(segment);
        }
    }

    @Test
    @DisplayName("while both run: 50 turns of ping-pong, each side waiting with get() for the other's set()")
    void pingPong() throws Exception {
        int turns = 50;
        Segment segment = Segment.create("step1-ping-pong", SIZE);
        try {
            SharedLong ball = new SharedLong(segment, 0);
            try (ChildProcess child = ChildJvm.main(Fixtures.Echo.class)
                    .args(segment.name(), String.valueOf(SIZE), String.valueOf(turns))
                    .start()) {
                for (long k = 1; k <= turns; k++) {
                    ball.set(2 * k - 1);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    long seen;
                    while ((seen = ball.get()) != 2 * k && child.isAlive() && System.nanoTime() - deadline < 0) {
                        LockSupport.parkNanos(20_000); // pacing a bounded wait for the child's answer
                    }
                    if (seen != 2 * k) {
                        if (!child.isAlive()) {
                            child.awaitSuccess(CHILD); // throws with the child's standard error
                        }
                        throw new AssertionError(String.format(
                                "turn %d: the parent wrote %d with set() and waited 20 s for the child's answer %d, but"
                                        + " get() still reads %d. get() must read the shared memory on every call"
                                        + " (getVolatile), never a value it read before. %s",
                                k, 2 * k - 1, 2 * k, seen, SHARED));
                    }
                }
                child.awaitSuccess(CHILD);
            }
        } finally {
            Shm.dispose(segment);
        }
    }

    @Test
    @DisplayName("new SharedLong refuses an offset that is negative, not a multiple of 8, or past the end,"
            + " with an IllegalArgumentException naming it")
    void refusesBadOffsets() throws Exception {
        try (Segment segment = Shm.inThisJvm("step1-offsets", SIZE)) {
            new SharedLong(segment, 0); // a stub fails here, at once
            Object[][] bad = {
                {-8, "a negative offset is outside the segment"},
                {
                    4,
                    "a long must start at a multiple of 8: atomic access (compareAndSet, getAndAdd) on a misaligned"
                            + " address fails"
                },
                {12, "a long must start at a multiple of 8"},
                {32, "offset 32 of a 32-byte segment: no room for 8 bytes"},
                {40, "past the end of a 32-byte segment"},
            };
            for (Object[] b : bad) {
                int offset = (Integer) b[0];
                Expect.thrownBy(
                                String.format(
                                        "new SharedLong(segment of 32 bytes, %d) must be refused: %s", offset, b[1]),
                                () -> new SharedLong(segment, offset))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(String.valueOf(offset));
            }
            Expect.thrownBy("new SharedLong(null, 0)", () -> new SharedLong(null, 0))
                    .isInstanceOf(NullPointerException.class);
            assertThat(new SharedLong(segment, 24).get())
                    .as("the last long of a 32-byte segment, offset 24: allowed, and 0 in a new segment")
                    .isZero();
        }
    }
}
