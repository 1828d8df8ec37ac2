package katas.racycounter;

import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

@Step(4)
@DisplayName("Step 4: fix it with AtomicLong")
@Timeout(120)
class Step04_AtomicCounterTest extends FixChecks {

    @Override
    Subject subject() {
        return Subject.atomic();
    }
}
