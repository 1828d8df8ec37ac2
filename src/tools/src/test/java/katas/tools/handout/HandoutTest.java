package katas.tools.handout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import katas.loop.grade.Given;
import katas.loop.reset.Reset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandoutTest {

    private static final Path ROOT =
            Path.of(System.getProperty("katas.root", "../..")).toAbsolutePath().normalize();

    @TempDir
    static Path tmp;

    static Path handout;

    @BeforeAll
    static void write() throws IOException {
        handout = Handout.write(ROOT, tmp.resolve(Handout.NAME));
    }

    private static List<Path> markdown(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !root.relativize(p).toString().contains("target"))
                    .filter(p -> !root.relativize(p).toString().startsWith("."))
                    .toList();
        }
    }

    /** Relative links in Markdown that point at nothing. */
    static List<String> deadLinks(Path root) throws IOException {
        List<String> dead = new ArrayList<>();
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        for (Path md : markdown(root)) {
            Matcher m = link.matcher(Files.readString(md, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
                    continue;
                }
                String file = target.replaceAll("#.*", "");
                if (!Files.exists(md.getParent().resolve(file).normalize())) {
                    dead.add(root.relativize(md) + " -> " + target);
                }
            }
        }
        return dead;
    }

    @Test
    @DisplayName("the hand-out has no solutions, no known-wrong versions, no maintainers' tools")
    void noSolutions() throws IOException {
        assertThat(handout.resolve("solutions")).doesNotExist();
        assertThat(handout.resolve("src/lesson")).doesNotExist();
        assertThat(handout.resolve(".ci")).doesNotExist();
        assertThat(handout.resolve(".git"))
                .as("git's folder, or a worktree's .git file")
                .doesNotExist();
        assertThat(Files.readString(handout.resolve("pom.xml")))
                .doesNotContain("<id>solutions</id>", "<module>solutions</module>", "handout:remove");
        try (Stream<Path> s = Files.walk(handout)) {
            assertThat(s.map(p -> handout.relativize(p).toString()))
                    .noneMatch(p -> p.contains("known-wrong") || p.contains("known-right"));
        }
    }

    @Test
    @DisplayName("the hand-out has none of the maintainers' and instructors' tools: no src/tools, nothing names them")
    void noMaintainersTools() throws IOException {
        assertThat(ROOT.resolve("src/tools/src/main/java/katas/tools"))
                .as("the tools, in the repository")
                .isDirectory();
        assertThat(handout.resolve("src/tools")).doesNotExist();
        assertThat(handout.resolve("docs/maintainers.md"))
                .as("the maintainers' page")
                .doesNotExist();
        assertThat(handout.resolve("docs/running.md"))
                .as("the learner's page on running the katas")
                .exists();
        assertThat(Files.readString(handout.resolve("pom.xml")))
                .doesNotContain("src/tools", "<id>handout</id>", "<id>class-report</id>");
        try (Stream<Path> s = Files.walk(handout)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertThat(files)
                    .extracting(p -> p.getFileName().toString())
                    .as("no tool's source in the hand-out")
                    .doesNotContain(
                            "KnownWrongCheck.java",
                            "Patch.java",
                            "MakePatch.java",
                            "SameFiles.java",
                            "LearnerLines.java",
                            "PageCheck.java",
                            "Handout.java",
                            "Classroom.java",
                            "ClassReport.java");
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".java") || name.endsWith(".xml") || name.endsWith(".md")) {
                    assertThat(Files.readString(f, StandardCharsets.UTF_8))
                            .as("%s names a maintainers' tool", handout.relativize(f))
                            .doesNotContain("katas.tools", "src/tools", "tools.args");
                }
            }
        }
    }

    @Test
    @DisplayName("no link in any README of the hand-out, or of the repository, points at nothing")
    void noDeadLinks() throws IOException {
        assertThat(deadLinks(handout)).as("dead links in the hand-out").isEmpty();
        assertThat(deadLinks(ROOT)).as("dead links in the repository").isEmpty();
    }

    @Test
    @DisplayName("the hand-out's READMEs and AGENTS.md never send a learner to the solutions or to -Psolutions")
    void readmesSpeakToLearners() throws IOException {
        assertThat(handout.resolve("AGENTS.md"))
                .as("the rules for a learner's coding assistant")
                .exists();
        for (String kata : List.of("01-racy-counter", "02-process-queue", "03-process-pipe", "04-shared-memory")) {
            Path designs = Path.of(katas.loop.designs.Designs.FOLDER, kata + ".md");
            assertThat(handout.resolve(designs))
                    .as("the designs a done kata offers reach the hand-out (it has no solutions/)")
                    .hasSameTextualContentAs(ROOT.resolve(designs));
        }
        for (Path md : markdown(handout).stream()
                .filter(p -> p.getFileName().toString().startsWith("README")
                        || p.getFileName().toString().equals("AGENTS.md"))
                .toList()) {
            assertThat(Files.readString(md))
                    .as("%s", handout.relativize(md))
                    .doesNotContain("solutions/", "-Psolutions", "handout:only", "handout:remove");
        }
    }

    @Test
    @DisplayName("every stub is kept in .katas/stubs, and reset puts a changed learner file back without git")
    void resetWithoutGit() throws Exception {
        Path workers = handout.resolve("katas/01-racy-counter/src/main/java/katas/racycounter/Workers.java");
        String stub = Files.readString(workers);
        assertThat(handout.resolve(Handout.STUBS)
                        .resolve("katas/01-racy-counter/src/main/java/katas/racycounter/Workers.java"))
                .hasContent(stub);
        Files.writeString(workers, "class Broken {}");
        assertThat(Reset.reset(handout, "01", "Workers.java")).isZero();
        assertThat(workers).hasContent(stub);
        assertThat(Reset.reset(handout, "01", ""))
                .as("no file named: nothing reset")
                .isEqualTo(2);
    }

    @Test
    @DisplayName("the given-files check passes on the hand-out, and names an edited or an added test file")
    void givenFiles() throws IOException {
        String hash = Given.sha256(Files.readString(handout.resolve(Given.MANIFEST)));
        assertThat(Given.differences(handout, hash)).isEmpty();
        Path test = handout.resolve(
                "katas/01-racy-counter/src/test/java/katas/racycounter/Step03_SynchronizedCounterTest.java");
        String original = Files.readString(test);
        Path added = test.resolveSibling("Step99_MineTest.java");
        try {
            Files.writeString(test, original.replace("@Step(3)", "@Step(3) @Deprecated"));
            Files.writeString(added, "class Step99_MineTest {}");
            assertThat(Given.differences(handout, hash))
                    .anySatisfy(d -> assertThat(d).contains("Step03_SynchronizedCounterTest.java was changed"))
                    .anySatisfy(d -> assertThat(d).contains("Step99_MineTest.java was added"));
        } finally {
            Files.writeString(test, original);
            Files.delete(added);
        }
        assertThat(Given.differences(handout, "0".repeat(64))).containsExactly(Given.MANIFEST + " was changed");
    }

    @Test
    @DisplayName("the Classroom workflow has one test per step of every kata, each grading with the manifest's hash")
    void classroomListsEveryStep() throws IOException {
        String workflow = Files.readString(handout.resolve(".github/workflows/classroom.yml"));
        String hash = Given.sha256(Files.readString(handout.resolve(Given.MANIFEST)));
        List<Classroom.KataStep> steps = Classroom.steps(ROOT);
        long stepClasses;
        try (Stream<Path> s = Files.walk(ROOT.resolve("katas"))) {
            stepClasses = s.filter(p -> p.getFileName().toString().matches("Step\\d+_.*Test\\.java"))
                    .count();
        }
        assertThat(steps).as("a step per Step test class").hasSize((int) stepClasses);
        for (Classroom.KataStep step : steps) {
            assertThat(workflow).contains("command: " + Classroom.command(step, hash));
        }
    }
}
