package katas.racycounter;

import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

@Step(5)
@DisplayName("Step 5: fix it with LongAdder")
@Timeout(120)
class Step05_AdderCounterTest extends FixChecks {

    @Override
    Subject subject() {
        return Subject.adder();
    }
}
