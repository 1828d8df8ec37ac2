package katas.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LearnerLinesTest {

    /** "At most about 250 lines": 250 and a few percent. */
    static final int ONE_SITTING = 265;

    @Test
    @DisplayName("comments, Javadoc and blank lines are not code; strings that hold // or /* are")
    void codeLines() {
        String source = """
                /** Javadoc
                 * more */
                class A { // trailing
                    String url = "http://x"; /* inline */ int b;

                    char c = '"'; String s = "a \\" // not a comment";
                }
                """;
        assertThat(LearnerLines.code(source))
                .containsExactly(
                        "class A {",
                        "String url = \"http://x\";  int b;",
                        "char c = '\"'; String s = \"a \\\" // not a comment\";",
                        "}");
    }

    @Test
    @DisplayName("a learner's lines are the solution's lines the stub does not have, in order")
    void added() {
        List<String> stub = List.of("int f() {", "throw Kata.todo(\"f\");", "}");
        List<String> solution = List.of("int f() {", "int x = 1;", "return x;", "}");
        assertThat(LearnerLines.added(stub, solution)).isEqualTo(2);
        assertThat(LearnerLines.added(solution, solution)).isZero();
        assertThat(LearnerLines.added(List.of(), solution)).isEqualTo(4);
    }

    @Test
    @DisplayName("every kata with a solution is counted, and asks for at most about 250 lines (one pairing session)")
    void everyKataFitsOneSitting() {
        Path root = Path.of(System.getProperty("katas.root", "../.."));
        List<LearnerLines.Count> counts = LearnerLines.countAll(root);
        assertThat(counts)
                .extracting(LearnerLines.Count::kata)
                .contains("01-racy-counter", "02-process-queue", "03-process-pipe", "04-shared-memory");
        assertThat(counts)
                .allSatisfy(c -> assertThat(c.lines())
                        .as(
                                "lines a learner writes for kata %s %s: a kata is one pairing session, about 250"
                                        + " lines at most; give what is not the concept as read-only code",
                                c.kata(), c.perFile())
                        .isBetween(1, ONE_SITTING));
    }
}
