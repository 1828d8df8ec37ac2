package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcessTimeoutException;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

@Step(1)
@DisplayName("Step 1: processes have separate memory")
@ExtendWith(ProcessHygiene.class)
@Timeout(60)
class Step01_SeparateMemoryTest {

    static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);

    /**
     * {@link SeparateMemory#countInChild}, with a number it could not read from the child's output explained: the
     * child had not finished printing.
     */
    static long countInChild(long n, Duration timeout) throws InterruptedException {
        try {
            return SeparateMemory.countInChild(n, timeout);
        } catch (NumberFormatException e) {
            throw new AssertionFailedError(
                    "countInChild(" + n + ", ...) could not read a number from what the child printed ("
                            + e.getMessage()
                            + "): it read the output before the child had finished. A child runs on its own: until it"
                            + " exits, its output may be empty or half written. Wait for it first (awaitSuccess, or"
                            + " join and check the exit code), then read what it printed",
                    e);
        }
    }

    @AfterEach
    void resetTheParentsStatic() {
        SeparateMemory.counter = 0;
    }

    @Test
    @DisplayName("a child JVM counts to n in its own memory and tells the parent the result")
    void childCountsAndReports() throws Exception {
        assertThat(countInChild(1_000, CHILD_TIMEOUT))
                .as("what the child printed after adding 1 to its counter 1,000 times")
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName("the child's change to a static is invisible to the parent, and the parent's to the child")
    void staticsAreNotShared() throws Exception {
        SeparateMemory.counter = 7;
        long childSaw = countInChild(1_000, CHILD_TIMEOUT);
        assertThat(SeparateMemory.counter)
                .as("the parent's SeparateMemory.counter after the child added 1,000 to ITS counter: a child process"
                        + " has memory of its own, so the parent's static must still be 7. countInChild must not"
                        + " touch the parent's counter: the child's result arrives as text, through its output")
                .isEqualTo(7);
        assertThat(childSaw)
                .as("the child's counter: it started at 0, not at the parent's 7. A Java child is a fresh JVM"
                        + " (like Python's 'spawn'), not a copy of the parent (like 'fork'): nothing is inherited")
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName("two children, one after the other, each start from 0")
    void eachChildStartsFresh() throws Exception {
        assertThat(countInChild(5, CHILD_TIMEOUT))
                .as("first child, 5 increments")
                .isEqualTo(5);
        assertThat(countInChild(3, CHILD_TIMEOUT))
                .as("second child, 3 increments: it does not continue from the first child's 5")
                .isEqualTo(3);
    }

    @Test
    @DisplayName("a child that does not finish in time: countInChild gives up after its timeout and stops the child")
    void timesOutAndStopsTheChild() {
        long before = System.nanoTime();
        Expect.thrownBy(
                        "countInChild(Long.MAX_VALUE, 1 s): the child cannot count that far in a second, so countInChild"
                                + " must give up when its timeout has passed, with the kit's"
                                + " ChildProcessTimeoutException (awaitSuccess throws it)",
                        () -> SeparateMemory.countInChild(Long.MAX_VALUE, Duration.ofSeconds(1)))
                .isInstanceOf(ChildProcessTimeoutException.class);
        assertThat((System.nanoTime() - before) / 1_000_000)
                .as("ms countInChild(Long.MAX_VALUE, 1 s) took before it gave up: about its timeout")
                .isLessThan(15_000L);
        List<ProcessHandle> running = ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> ChildJvm.runs(p, SeparateMemory.class))
                .toList();
        running.forEach(ProcessHandle::destroyForcibly);
        assertThat(running)
                .as("child processes still running SeparateMemory after countInChild gave up on them: a child that is"
                        + " not stopped keeps counting, using a CPU, after nobody waits for its answer. close every"
                        + " child you start: ChildProcess in a try-with-resources closes (kills) it, also when"
                        + " awaitSuccess throws")
                .isEmpty();
    }

    @Test
    @DisplayName("refuses a negative count with an IllegalArgumentException, and a null timeout")
    void refusesBadInput() {
        Expect.thrownBy(
                        "countInChild(-1, ...): a negative count is refused before any child starts",
                        () -> SeparateMemory.countInChild(-1, CHILD_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy("countInChild(1, null)", () -> SeparateMemory.countInChild(1, null))
                .isInstanceOf(NullPointerException.class);
    }
}
