package katas.racycounter;

import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

@Step(value = 3, hint = "Mark increment() and get() synchronized: both then lock this counter, so only one thread at a time runs the read-modify-write, and get() sees the latest value.")
@DisplayName("Step 3: fix it with synchronized")
@Timeout(120)
class Step03_SynchronizedCounterTest extends FixChecks {

    @Override
    Subject subject() {
        return Subject.synchronizedCounter();
    }
}
