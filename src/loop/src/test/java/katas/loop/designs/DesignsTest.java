package katas.loop.designs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import katas.loop.board.Words;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The designs a done kata offers are known-right versions, shown as their files are: the generated files equal what
 * the versions say now, and each snippet is lines of a version's real file. That each version passes the kata's tests
 * is the known-right check's work ({@code verify -Psolutions}), which also refuses an offered design that is not one
 * of the versions it ran and passed.
 */
class DesignsTest {

    private static final Path ROOT = Path.of(System.getProperty("katas.root", "../.."));

    @Test
    @DisplayName("each kata's generated designs file equals what its known-right versions say now")
    void generatedFilesAreCurrent() throws IOException {
        List<Path> solutions = Designs.solutions(ROOT);
        assumeTrue(!solutions.isEmpty(), "no solutions/ here (a hand-out): nothing to generate from");
        for (Path solution : solutions) {
            Path file = ROOT.resolve(Designs.FOLDER).resolve(solution.getFileName() + ".md");
            String now = Designs.markdown(solution.getFileName().toString(), Designs.read(solution));
            assertThat(file)
                    .as("%s: regenerate with java @src/loop/target/loop.args katas.loop.designs.Designs write .", file)
                    .exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("%s", file)
                    .isEqualTo(now);
            assertThat(Designs.offered(solution.getFileName().toString()))
                    .as("%s as the loop reads it from its class path", file)
                    .isEqualTo(Designs.read(solution));
        }
    }

    @Test
    @DisplayName("every offered design is a known-right version (right.properties), its snippet lines of its real file")
    void everyOfferedDesignIsAKnownRightVersion() throws IOException {
        assumeTrue(Files.isDirectory(ROOT.resolve("solutions")), "no solutions/ here (a hand-out)");
        int offered = 0;
        for (Path kata : katas()) {
            String name = kata.getFileName().toString();
            for (Designs.Design d : Designs.offered(name)) {
                offered++;
                Path version = ROOT.resolve("solutions")
                        .resolve(name)
                        .resolve("known-right")
                        .resolve(d.name());
                assertThat(version.resolve("right.properties"))
                        .as(
                                "%s: the known-right version of design '%s' (the known-right check runs it)",
                                name, d.name())
                        .isRegularFile();
                List<String> file = Files.readAllLines(version.resolve(d.file()), StandardCharsets.UTF_8);
                List<String> shown = file
                        .subList(
                                d.firstLine() - 1, d.firstLine() - 1 + d.lines().size())
                        .stream()
                        .map(String::strip)
                        .toList();
                assertThat(d.lines().stream().map(String::strip).toList())
                        .as(
                                "%s/%s: the key lines shown, against %s from line %d",
                                name, d.name(), d.file(), d.firstLine())
                        .isEqualTo(shown);
                assertThat(d.lines())
                        .as("%s/%s: a snippet, not the file", name, d.name())
                        .hasSizeBetween(1, 20);
                try (Stream<Path> learner = Files.walk(kata.resolve("src/main/java"))) {
                    assertThat(learner.map(p -> p.getFileName().toString()))
                            .as("%s/%s replaces one of the learner's files", name, d.name())
                            .contains(d.file());
                }
                assertThat(d.what()).isNotBlank();
                assertThat(d.when()).isNotBlank();
            }
        }
        assertThat(offered).as("designs offered in all").isPositive();
    }

    @Test
    @DisplayName("every kata offers every known-right version it has, each in English and in Korean")
    void everyKataOffersThemAll() throws IOException {
        List<Path> solutions = Designs.solutions(ROOT);
        assumeTrue(!solutions.isEmpty(), "no solutions/ here (a hand-out)");
        for (Path solution : solutions) {
            String name = solution.getFileName().toString();
            try (Stream<Path> versions = Files.list(solution.resolve("known-right"))) {
                assertThat(Designs.offered(name).stream().map(Designs.Design::name))
                        .as(
                                "%s: the designs offered, against its known-right versions (each needs when, key and"
                                        + " key.lines in its right.properties)",
                                name)
                        .containsExactlyInAnyOrderElementsOf(versions.filter(Files::isDirectory)
                                .map(p -> p.getFileName().toString())
                                .toList());
            }
            for (Designs.Design d : Designs.offered(name)) {
                assertThat(d.whatKo()).as("%s/%s: approach.ko", name, d.name()).isNotBlank();
                assertThat(d.whenKo()).as("%s/%s: when.ko", name, d.name()).isNotBlank();
            }
        }
    }

    @Test
    @DisplayName("the designs print what, when and the key lines; Korean words on a Korean board")
    void renders() {
        List<Designs.Design> designs = Designs.offered("01-racy-counter");
        String en = Designs.render("01", designs, Words.english());
        assertThat(en)
                .contains("KATA 01: " + designs.size() + " OTHER CORRECT DESIGNS", "what", "when", "lock.unlock();");
        String ko = Designs.render("01", designs, Words.of("ko"));
        assertThat(ko).contains("카타 01", "무엇", "언제", "lock.unlock();").doesNotContain("OTHER CORRECT");
    }

    static List<Path> katas() throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve("katas"))) {
            return s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*"))
                    .sorted()
                    .toList();
        }
    }
}
