package katas.racycounter;

import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

@Step(value = 4, hint = "private final AtomicLong value = new AtomicLong();  increment() calls value.incrementAndGet(), get() returns value.get(). One call, one atomic instruction: no window between the read and the write.")
@DisplayName("Step 4: fix it with AtomicLong")
@Timeout(120)
class Step04_AtomicCounterTest extends FixChecks {

    @Override
    Subject subject() {
        return Subject.atomic();
    }
}
