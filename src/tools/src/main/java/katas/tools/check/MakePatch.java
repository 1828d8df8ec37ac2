package katas.tools.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes a known-wrong version's patch from changed copies of learner files: {@code known-wrong/<name>.patch}, a diff
 * against the closest base (the solution, or the known-right version the copies differ least from) unless
 * {@code --base} names one.
 *
 * <pre>  MakePatch &lt;solution dir&gt; &lt;name&gt; --mistake '...' --mentions 'a, b' [--tests '.*Step02.*']
 *            [--base known-right/NAME] &lt;changed file&gt;...</pre>
 */
public final class MakePatch {

    private MakePatch() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        List<Path> changed = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else if (rest.size() < 2) {
                rest.add(args[i]);
            } else {
                changed.add(Path.of(args[i]));
            }
        }
        if (rest.size() < 2
                || changed.isEmpty()
                || !options.containsKey("mistake")
                || !options.containsKey("mentions")) {
            throw new IllegalArgumentException("usage: MakePatch <solution dir> <name> --mistake '...' --mentions"
                    + " 'a, b' [--tests REGEX] [--base known-right/NAME] <changed file>...");
        }
        Path solution = Path.of(rest.get(0));
        Path patch = solution.resolve("known-wrong").resolve(rest.get(1) + ".patch");
        Map<String, String> header = new LinkedHashMap<>();
        header.put("mistake", options.get("mistake"));
        header.put("failure.mentions", options.get("mentions"));
        if (options.containsKey("tests")) {
            header.put("tests", options.get("tests"));
        }
        if (options.containsKey("base")) {
            header.put("base", options.get("base"));
        }
        Files.createDirectories(patch.getParent());
        Files.writeString(patch, make(solution, header, changed), StandardCharsets.UTF_8);
        System.out.println("Wrote " + patch + " (check it: ./mvnw -o verify -Psolutions -pl " + solution
                + " -am -Dkatas.known.only='" + rest.get(1) + "')");
    }

    /**
     * The patch's text: the header, then each changed file's diff against its base. Without a {@code base} in the
     * header, the closest one is chosen (fewest diff lines) and named in the header when it is not the solution.
     */
    public static String make(Path solution, Map<String, String> header, List<Path> changed) throws IOException {
        List<String> candidates = new ArrayList<>();
        if (header.containsKey("base")) {
            candidates.add(header.get("base"));
        } else {
            candidates.add("");
            Path right = solution.resolve("known-right");
            if (Files.isDirectory(right)) {
                try (Stream<Path> s = Files.list(right)) {
                    s.filter(Files::isDirectory)
                            .sorted()
                            .forEach(d -> candidates.add("known-right/" + d.getFileName()));
                }
            }
        }
        String best = null;
        String bestBase = "";
        for (String base : candidates) {
            StringBuilder diff = new StringBuilder();
            boolean ownFile = base.isEmpty();
            for (Path file : changed) {
                String path = learnerPath(solution, file.getFileName().toString());
                Path from = base(solution, base, path);
                ownFile |= !from.startsWith(solution.resolve("src/main/java"));
                diff.append(Patch.diff(
                        path,
                        Files.readString(from, StandardCharsets.UTF_8),
                        Files.readString(file, StandardCharsets.UTF_8)));
            }
            // A known-right base counts only when it holds one of the changed files itself.
            if (ownFile && (best == null || lines(diff) < lines(best))) {
                best = diff.toString();
                bestBase = base;
            }
        }
        StringBuilder text = new StringBuilder();
        header.forEach((k, v) -> {
            if (!k.equals("base")) {
                text.append(k).append(": ").append(v).append('\n');
            }
        });
        if (!bestBase.isEmpty()) {
            text.append("base: ").append(bestBase).append('\n');
        }
        return text.append(best).toString();
    }

    /** The base text of a learner file: the named known-right version's copy if it has one, else the solution's. */
    public static Path base(Path solution, String base, String path) {
        if (base != null && !base.isBlank()) {
            Path own =
                    solution.resolve(base).resolve(Path.of(path).getFileName().toString());
            if (!Files.isDirectory(solution.resolve(base))) {
                throw new IllegalArgumentException("no base " + solution.resolve(base));
            }
            if (Files.exists(own)) {
                return own;
            }
        }
        return solution.resolve("src/main/java").resolve(path);
    }

    /** A learner file's path under {@code src/main/java}, from its file name. */
    public static String learnerPath(Path solution, String name) throws IOException {
        return SameFiles.javaFiles(solution.resolve("src/main/java")).stream()
                .filter(f -> f.equals(name) || f.endsWith("/" + name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " is not a learner file of " + solution));
    }

    private static long lines(CharSequence diff) {
        return diff.chars().filter(c -> c == '\n').count();
    }
}
