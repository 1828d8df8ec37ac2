package katas.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import katas.kit.shm.Segment;
import katas.testkit.Races;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(3)
@DisplayName("Step 3: atomic across processes - compareAndSet and getAndAdd on the shared long")
@ExtendWith(ProcessHygiene.class)
@Timeout(120)
class Step03_AtomicAcrossProcessesTest {

    static final long EACH = 200_000;
    static final int MIN_ROUNDS = 3;
    static final int MAX_ROUNDS = 20;
    static final Duration BUDGET = Duration.ofSeconds(3);

    static final String ATOMIC = "getAndAdd must be one atomic action on the shared memory, the VarHandle's own: a"
            + " get() then a set() lets the other process write in between (step 3, Hint 3)";

    static final String ATOMIC_CAS = "compareAndSet must be one atomic action on the shared memory, the VarHandle's"
            + " own: a get(), compare, set() is a check-then-set (step 3, Hint 3)";

    @Test
    @DisplayName("compareAndSet sets the value only if it is the expected one, and says whether it did")
    void compareAndSet() throws Exception {
        try (Segment segment = Shm.inThisJvm("step3-cas", 16)) {
            SharedLong value = new SharedLong(segment, 8);
            value.set(5);
            assertThat(value.compareAndSet(4, 9))
                    .as("compareAndSet(4, 9) while the value is 5: not the expected value, so false")
                    .isFalse();
            assertThat(value.get())
                    .as("the value after a failed compareAndSet(4, 9)")
                    .isEqualTo(5);
            assertThat(value.compareAndSet(5, 9))
                    .as("compareAndSet(5, 9) while the value is 5: true")
                    .isTrue();
            assertThat(value.get()).as("the value after compareAndSet(5, 9)").isEqualTo(9);
            assertThat(Shm.read(segment.buffer(), 0))
                    .as("the long at offset 0, next to the one compareAndSet changed at offset 8")
                    .isZero();
        }
    }

    @Test
    @DisplayName("getAndAdd adds and returns the value from before")
    void getAndAdd() throws Exception {
        try (Segment segment = Shm.inThisJvm("step3-add", 16)) {
            SharedLong value = new SharedLong(segment, 8);
            value.set(9);
            assertThat(value.getAndAdd(3))
                    .as("getAndAdd(3) while the value is 9: the value before")
                    .isEqualTo(9);
            assertThat(value.get()).as("the value after getAndAdd(3)").isEqualTo(12);
            assertThat(value.getAndAdd(-12))
                    .as("getAndAdd(-12) while the value is 12")
                    .isEqualTo(12);
            assertThat(value.get()).as("the value after getAndAdd(-12)").isZero();
        }
    }

    @Test
    @DisplayName("two processes x 200,000 getAndAdd(1), 3 to 20 rounds under preemption noise: not one update is lost")
    void getAndAddAcrossProcesses(TestReporter report) throws Exception {
        losesNothing("getAndAdd", report);
    }

    @Test
    @DisplayName("two processes x 200,000 compareAndSet retry loops, 3 to 20 rounds under preemption noise: not one"
            + " update is lost")
    void compareAndSetAcrossProcesses(TestReporter report) throws Exception {
        losesNothing("compareAndSet", report);
    }

    private static void losesNothing(String mode, TestReporter report) throws Exception {
        try (Segment probe = Shm.inThisJvm("step3-probe", 8)) {
            SharedLong p = new SharedLong(probe, 0); // a stub fails here, before the workers start
            p.getAndAdd(1);
            p.compareAndSet(1, 2);
        }
        try (TwoWorkers two = TwoWorkers.start("step3-" + mode, mode, EACH, List.of())) {
            Races.Outcome<Long> wrong = Races.repeat(MIN_ROUNDS, MAX_ROUNDS, BUDGET, round -> {
                long total = two.round(round);
                return total == 2 * EACH ? null : total;
            });
            String summary = String.format(
                    "%s, 2 processes x %,d: %s, %s",
                    mode,
                    EACH,
                    wrong.summary("round"),
                    wrong.sighting()
                            .map(t -> String.format("%,d updates LOST", 2 * EACH - t))
                            .orElse("exact every round"));
            System.out.println("  " + summary);
            report.publishEntry(mode, summary);
            long total = wrong.sighting().orElse(2 * EACH);
            assertThat(total)
                    .as(
                            "two processes each did %,d %s increments of one shared long (%s): %,d updates were lost. %s",
                            EACH,
                            mode.equals("getAndAdd") ? "getAndAdd(1)" : "compareAndSet retry-loop",
                            wrong.summary("round"),
                            2 * EACH - total,
                            mode.equals("getAndAdd") ? ATOMIC : ATOMIC_CAS)
                    .isEqualTo(2 * EACH);
        }
    }
}
