package katas.racycounter;

import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

@Step(3)
@DisplayName("Step 3: fix it with synchronized")
@Timeout(120)
class Step03_SynchronizedCounterTest extends FixChecks {

    @Override
    Subject subject() {
        return Subject.synchronizedCounter();
    }
}
