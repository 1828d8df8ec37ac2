package katas.tools.handout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The GitHub Classroom autograding workflow of a hand-out: one test per kata step, so that Classroom's dashboard shows
 * each learner's steps. One build runs every kata's tests; then each test asks {@code katas.loop.grade.Grade} about
 * its step, which first checks that the given files (tests, kit, loop, build) are the ones handed out.
 */
public final class Classroom {

    /** A step of a kata: its folder, number and test class's display name. */
    public record KataStep(String kata, int step, String title) {
        String id() {
            return "k" + kata.substring(0, 2) + "-s" + step;
        }
    }

    private static final Pattern STEP = Pattern.compile("@Step\\((\\d+)\\)");
    private static final Pattern TITLE = Pattern.compile("@DisplayName\\(\"Step \\d+: ([^\"]*)\"\\)");

    private Classroom() {}

    /** Every step of every kata under {@code root}, from the {@code @Step(N)} of its test classes. */
    public static List<KataStep> steps(Path root) {
        List<KataStep> steps = new ArrayList<>();
        try (Stream<Path> katas = Files.list(root.resolve("katas"))) {
            for (Path kata : katas.filter(p -> p.getFileName().toString().matches("\\d\\d-.*"))
                    .sorted()
                    .toList()) {
                try (Stream<Path> tests = Files.walk(kata.resolve("src/test/java"))) {
                    for (Path test : tests.filter(
                                    p -> p.getFileName().toString().matches("Step\\d+_.*\\.java"))
                            .toList()) {
                        String text = Files.readString(test);
                        Matcher step = STEP.matcher(text);
                        if (step.find()) {
                            Matcher title = TITLE.matcher(text);
                            steps.add(new KataStep(
                                    kata.getFileName().toString(),
                                    Integer.parseInt(step.group(1)),
                                    title.find() ? title.group(1) : "step " + step.group(1)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        steps.sort(Comparator.comparing(KataStep::kata).thenComparingInt(KataStep::step));
        return steps;
    }

    /** The command that grades one step (run from the hand-out's root, after a build). */
    public static String command(KataStep s, String manifestHash) {
        return "java @src/loop/target/loop.args katas.loop.grade.Grade . " + s.kata() + " " + s.step() + " "
                + manifestHash;
    }

    /** The workflow's text. */
    public static String workflow(List<KataStep> steps, String manifestHash) {
        StringBuilder w = new StringBuilder();
        w.append("# GitHub Classroom autograding, written by the hand-out: one test per kata step (1 point each).\n")
                .append("# One build runs every kata's tests; each test then grades its step from the progress\n")
                .append("# files, after checking that the tests and the machinery are the ones handed out.\n")
                .append("name: Autograding\n\n")
                .append("on:\n  push:\n  workflow_dispatch:\n  repository_dispatch:\n\n")
                .append("permissions:\n  checks: write\n  actions: read\n  contents: read\n\n")
                .append("jobs:\n  autograding:\n    name: Kata steps\n    runs-on: ubuntu-latest\n")
                .append("    if: github.actor != 'github-classroom[bot]'\n    timeout-minutes: 60\n    steps:\n")
                .append("      - name: Check out\n        uses: actions/checkout@v4\n\n")
                .append("      - name: JDK 17\n        uses: actions/setup-java@v4\n        with:\n")
                .append("          distribution: temurin\n          java-version: \"17\"\n          cache: maven\n\n")
                .append("      - name: Every kata's tests, once (the board; failing steps do not stop it)\n")
                .append("        run: ./mvnw -B test || true\n");
        for (KataStep s : steps) {
            w.append("\n      - name: ")
                    .append(quote(s.kata() + " step " + s.step()))
                    .append("\n        id: ")
                    .append(s.id())
                    .append("\n        uses: classroom-resources/autograding-command-grader@v1\n        with:\n")
                    .append("          test-name: ")
                    .append(quote("kata " + s.kata() + ", step " + s.step() + ": " + s.title()))
                    .append("\n          command: ")
                    .append(command(s, manifestHash))
                    .append("\n          timeout: 2\n          max-score: 1\n");
        }
        w.append("\n      - name: Autograding reporter\n")
                .append("        uses: classroom-resources/autograding-grading-reporter@v1\n        env:\n");
        for (KataStep s : steps) {
            w.append("          ")
                    .append(s.id().toUpperCase(java.util.Locale.ROOT))
                    .append("_RESULTS: \"${{ steps.")
                    .append(s.id())
                    .append(".outputs.result }}\"\n");
        }
        w.append("        with:\n          runners: ")
                .append(String.join(",", steps.stream().map(KataStep::id).toList()))
                .append("\n");
        return w.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
