package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(1)
@DisplayName("Step 1: processes have separate memory")
@ExtendWith(ProcessHygiene.class)
@Timeout(60)
class Step01_SeparateMemoryTest {

    static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);

    @AfterEach
    void resetTheParentsStatic() {
        SeparateMemory.counter = 0;
    }

    @Test
    @DisplayName("a child JVM counts to n in its own memory and tells the parent the result")
    void childCountsAndReports() throws Exception {
        assertThat(SeparateMemory.countInChild(1_000, CHILD_TIMEOUT))
                .as("what the child printed after adding 1 to its counter 1,000 times")
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName("the child's change to a static is invisible to the parent, and the parent's to the child")
    void staticsAreNotShared() throws Exception {
        SeparateMemory.counter = 7;
        long childSaw = SeparateMemory.countInChild(1_000, CHILD_TIMEOUT);
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
        assertThat(SeparateMemory.countInChild(5, CHILD_TIMEOUT))
                .as("first child, 5 increments")
                .isEqualTo(5);
        assertThat(SeparateMemory.countInChild(3, CHILD_TIMEOUT))
                .as("second child, 3 increments: it does not continue from the first child's 5")
                .isEqualTo(3);
    }

    @Test
    @DisplayName("refuses a negative count with an IllegalArgumentException, and a null timeout")
    void refusesBadInput() {
        assertThatThrownBy(() -> SeparateMemory.countInChild(-1, CHILD_TIMEOUT))
                .as("countInChild(-1, ...)")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeparateMemory.countInChild(1, null))
                .as("countInChild(1, null)")
                .isInstanceOf(NullPointerException.class);
    }
}
