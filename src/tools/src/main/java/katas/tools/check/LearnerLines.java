package katas.tools.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How many lines of code a learner writes for a kata: the non-blank, non-comment lines that the reference solution
 * adds to the stubs, file by file (the solution's code lines minus the longest run of lines it shares, in order, with
 * the stub's); a stub's {@code throw Kata.todo(...)} line does not count.
 * {@code java @src/tools/target/tools.args katas.tools.check.LearnerLines [root]} prints one line per kata.
 */
public final class LearnerLines {

    /** A kata's count: its total and each learner file's share. */
    public record Count(String kata, int lines, Map<String, Integer> perFile) {}

    private LearnerLines() {}

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (Count c : countAll(root)) {
            System.out.printf("%-22s %4d lines to write   %s%n", c.kata(), c.lines(), c.perFile());
        }
    }

    /** Every kata under {@code root/katas} that has a solution under {@code root/solutions} of the same name. */
    public static List<Count> countAll(Path root) {
        List<Count> counts = new ArrayList<>();
        try (Stream<Path> katas = Files.list(root.resolve("katas"))) {
            for (Path kata : katas.filter(p -> p.getFileName().toString().matches("\\d\\d-.*"))
                    .sorted()
                    .toList()) {
                Path solution = root.resolve("solutions").resolve(kata.getFileName());
                if (Files.isDirectory(solution.resolve("src/main/java"))) {
                    counts.add(count(kata, solution));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /** One kata: each learner file of the solution against the kata's stub of the same path. */
    public static Count count(Path kata, Path solution) {
        Map<String, Integer> perFile = new LinkedHashMap<>();
        int total = 0;
        for (String file : SameFiles.javaFiles(solution.resolve("src/main/java"))) {
            Path stub = kata.resolve("src/main/java").resolve(file);
            List<String> stubCode = Files.exists(stub) ? code(read(stub)) : List.of();
            int added =
                    added(stubCode, code(read(solution.resolve("src/main/java").resolve(file))));
            if (added > 0) {
                perFile.put(Path.of(file).getFileName().toString(), added);
                total += added;
            }
        }
        return new Count(kata.getFileName().toString(), total, perFile);
    }

    /** The lines of {@code solution} that are not in its longest common subsequence with {@code stub}. */
    static int added(List<String> stub, List<String> solution) {
        int[][] lcs = new int[stub.size() + 1][solution.size() + 1];
        for (int i = stub.size() - 1; i >= 0; i--) {
            for (int j = solution.size() - 1; j >= 0; j--) {
                lcs[i][j] = stub.get(i).equals(solution.get(j))
                        ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        return solution.size() - lcs[0][0];
    }

    /** The code lines of a Java source, stripped: no comments, no blank lines, no indentation. */
    static List<String> code(String source) {
        StringBuilder out = new StringBuilder();
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                source.substring(i, stop).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = stop;
            } else if (c == '"' || c == '\'') {
                int start = i;
                boolean textBlock = source.startsWith("\"\"\"", i);
                i += textBlock ? 3 : 1;
                while (i < n) {
                    char d = source.charAt(i);
                    if (d == '\\') {
                        i += 2;
                    } else if (textBlock ? source.startsWith("\"\"\"", i) : d == c || d == '\n') {
                        i += textBlock ? 3 : 1;
                        break;
                    } else {
                        i++;
                    }
                }
                out.append(source, start, Math.min(i, n));
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
