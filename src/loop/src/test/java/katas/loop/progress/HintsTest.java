package katas.loop.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hints: read from the kata README, the one place they are written")
class HintsTest {

    @Test
    @DisplayName("bullets under each step heading, continued lines joined")
    void parses() {
        Hints h = Hints.parse("""
                # Kata
                * Hint 1: not a step
                ### Step 1: one
                Some text.
                * Hint 1: a question?
                * Hint 2: a longer one
                  that goes on.
                ### Step 2: two
                * Hint 1: only one
                ## Pairing
                * Hint 2: not a hint of step 2
                """);
        assertThat(h.forStep(1)).containsExactly("a question?", "a longer one that goes on.");
        assertThat(h.forStep(2)).containsExactly("only one");
        assertThat(h.forStep(3)).isEmpty();
    }

    @Test
    @DisplayName("hints that skip a number are refused, naming the step")
    void gaps() {
        assertThatThrownBy(() -> Hints.parse("### Step 4: x\n* Hint 1: a\n* Hint 3: c\n"))
                .hasMessageContaining("step 4")
                .hasMessageContaining("Hint 3");
    }

    /** A code span, and code in one that states an answer: a call, an assignment, a statement, an allocation. */
    private static final Pattern SPAN = Pattern.compile("`([^`]*)`");

    private static final Pattern CODE = Pattern.compile("[(=;]|\\bnew ");

    static List<String> codeIn(String hint) {
        List<String> code = new java.util.ArrayList<>();
        java.util.regex.Matcher m = SPAN.matcher(hint);
        while (m.find()) {
            if (CODE.matcher(m.group(1)).find()) {
                code.add(m.group());
            }
        }
        return code;
    }

    @Test
    @DisplayName("the code-in-a-hint check finds statements, not names")
    void codeCheck() {
        assertThat(codeIn("Look at `ChildJvm` and `ChildProcess` (`src/kit`).")).isEmpty();
        assertThat(codeIn("Try `value.incrementAndGet()` or `x = 1`."))
                .containsExactly("`value.incrementAndGet()`", "`x = 1`");
    }

    @Test
    @DisplayName("every step of every kata has at least two hints; the first (the board's) shows no code")
    void everyKata() throws Exception {
        Path katas = Path.of(System.getProperty("katas.root", "../..")).resolve("katas");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(katas)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .sorted()
                    .toList();
        }
        assertThat(dirs).as("katas under %s", katas.toAbsolutePath()).isNotEmpty();
        for (Path kata : dirs) {
            Hints hints = Hints.of(kata);
            long steps;
            try (Stream<Path> s = Files.list(kata.resolve("src/test/java").resolve(testPackage(kata)))) {
                steps = s.filter(f -> f.getFileName().toString().matches("Step\\d\\d_.*Test\\.java"))
                        .count();
            }
            assertThat(hints.steps())
                    .as("%s: README step sections", kata.getFileName())
                    .hasSize((int) steps);
            for (int n : hints.steps()) {
                assertThat(hints.forStep(n))
                        .as("%s step %d: hints", kata.getFileName(), n)
                        .hasSizeGreaterThanOrEqualTo(2);
                String first = hints.forStep(n).get(0);
                assertThat(codeIn(first))
                        .as(
                                "%s step %d: Hint 1 is shown on the board: a question or a pointer, never"
                                        + " code; it has: %s",
                                kata.getFileName(), n, first)
                        .isEmpty();
                assertThat(first)
                        .as("%s step %d: Hint 1 fits in three lines of the board", kata.getFileName(), n)
                        .hasSizeLessThan(260);
            }
        }
    }

    private static Path testPackage(Path kata) throws Exception {
        try (Stream<Path> s = Files.walk(kata.resolve("src/test/java"))) {
            return kata.resolve("src/test/java")
                    .relativize(s.filter(f -> f.getFileName().toString().startsWith("Step01_"))
                            .findFirst()
                            .orElseThrow()
                            .getParent());
        }
    }
}
