package katas.racycounter;

import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

@Step(value = 5, hint = "private final LongAdder value = new LongAdder();  increment() calls value.increment(), get() returns value.sum(). Under contention each thread mostly updates a cell of its own.")
@DisplayName("Step 5: fix it with LongAdder")
@Timeout(120)
class Step05_AdderCounterTest extends FixChecks {

    @Override
    Subject subject() {
        return Subject.adder();
    }
}
