package katas.loop.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Report: stack frames the way a learner reads them")
class ReportTest {

    @Test
    @DisplayName("class, method, file and line, without the class loader's name")
    void frame() {
        StackTraceElement e = new StackTraceElement(
                "kata-01-racy-counter", null, null, "katas.racycounter.Workers", "runInParallel", "Workers.java", 42);
        assertThat(e.toString()).as("what the JDK prints").startsWith("kata-01-racy-counter//");
        assertThat(Report.frame(e)).isEqualTo("katas.racycounter.Workers.runInParallel(Workers.java:42)");
        assertThat(Report.frame(new StackTraceElement("a.B", "c", null, -1))).isEqualTo("a.B.c(Unknown Source)");
    }
}
