package katas.tools.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The same-files rule: a solution has exactly its kata's learner files (same paths), so that a learner can copy the
 * solution over the kata and nothing is missing or extra; and the given ones (a learner file without a
 * {@code Kata.todo} stub: a record, an exception type) are identical on both sides.
 */
public final class SameFiles {

    private SameFiles() {}

    /** The verdict: the given files (when the rule holds) or what breaks it. */
    public record Verdict(List<String> given, List<String> problems) {
        public boolean holds() {
            return problems.isEmpty();
        }
    }

    public static Verdict check(Path kataSources, Path solutionSources) {
        List<String> problems = new ArrayList<>();
        List<String> kata = javaFiles(kataSources);
        List<String> solution = javaFiles(solutionSources);
        if (!kata.equals(solution)) {
            List<String> missing = new ArrayList<>(kata);
            missing.removeAll(solution);
            List<String> extra = new ArrayList<>(solution);
            extra.removeAll(kata);
            problems.add("the solution's learner files differ from the kata's: missing in the solution " + missing
                    + ", not in the kata " + extra);
        }
        List<String> given = new ArrayList<>();
        for (String file : kata) {
            String kataText = read(kataSources.resolve(file));
            if (!kataText.contains("Kata.todo(")) {
                given.add(file);
                Path other = solutionSources.resolve(file);
                if (Files.isRegularFile(other) && !kataText.equals(read(other))) {
                    problems.add(
                            "given file " + file + " (no Kata.todo in it) differs between the kata and its solution:"
                                    + " edit both, or make it a learner file with a stub");
                }
            }
        }
        return new Verdict(List.copyOf(given), List.copyOf(problems));
    }

    static List<String> javaFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
