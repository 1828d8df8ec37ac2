package katas.loop.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every kata speaks English and Korean: the same steps, the same number of hints, each README linked to the other. */
class TranslationsTest {

    private static final Path ROOT = Path.of(System.getProperty("katas.root", "../.."));

    static List<Path> katas() throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve("katas"))) {
            return s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    @DisplayName("every kata has a Korean README with every step and as many hints per step as the English one")
    void everyStepHasItsHintsInBothLanguages() throws IOException {
        for (Path kata : katas()) {
            Path ko = kata.resolve("README.ko.md");
            assertThat(ko).as("the Korean README of %s", kata.getFileName()).exists();
            Hints english = Hints.parse(Files.readString(kata.resolve("README.md"), StandardCharsets.UTF_8));
            Hints korean = Hints.parse(Files.readString(ko, StandardCharsets.UTF_8));
            assertThat(korean.steps())
                    .as("%s: the steps of README.ko.md (### 단계 N) against README.md (### Step N)", kata.getFileName())
                    .isEqualTo(english.steps());
            for (int step : english.steps()) {
                assertThat(korean.forStep(step))
                        .as("%s step %d: Korean hints (* 힌트 K:) against English ones", kata.getFileName(), step)
                        .hasSameSizeAs(english.forStep(step));
            }
        }
    }

    @Test
    @DisplayName("each English README links to its Korean one, and back")
    void linkedBothWays() throws IOException {
        for (Path dir : Stream.concat(Stream.of(ROOT), katas().stream()).toList()) {
            assertThat(Files.readString(dir.resolve("README.md")))
                    .as("%s/README.md", dir)
                    .contains("(README.ko.md)");
            assertThat(Files.readString(dir.resolve("README.ko.md")))
                    .as("%s/README.ko.md", dir)
                    .contains("(README.md)");
        }
    }
}
