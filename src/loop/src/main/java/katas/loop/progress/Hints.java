package katas.loop.progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hints of a kata's steps, read from the one place they are written: the kata's {@code README.md}.
 *
 * <p>Under each {@code ### Step N: title} heading, the hints are bullets {@code * Hint 1: ...}, {@code * Hint 2: ...},
 * gentle first, more specific after; a bullet may go on over lines indented by two spaces. The board shows hint 1
 * of the next step; the learner asks for the next one.
 */
public final class Hints {

    private static final Pattern STEP = Pattern.compile("^###\\s+(?:Step|단계)\\s+(\\d+)(?:\\b|:).*");
    private static final Pattern HINT = Pattern.compile("^\\*\\s+(?:Hint|힌트)\\s+(\\d+):\\s*(.*)");

    private final Map<Integer, List<String>> byStep;

    private Hints(Map<Integer, List<String>> byStep) {
        this.byStep = byStep;
    }

    /** The hints in the kata's README; none when it has no README. */
    public static Hints of(Path kataDir) {
        return read(kataDir.resolve("README.md"));
    }

    /**
     * The hints in the kata's README in {@code lang} ({@code README.ko.md} for Korean, written with {@code ### 단계 N}
     * and {@code * 힌트 N:}), step by step; a step it has no hints for keeps the English ones.
     */
    public static Hints of(Path kataDir, String lang) {
        Hints english = of(kataDir);
        if (lang.equals("en")) {
            return english;
        }
        Hints translated = read(kataDir.resolve("README." + lang + ".md"));
        Map<Integer, List<String>> merged = new TreeMap<>(english.byStep);
        translated.byStep.forEach((step, hints) -> {
            if (!hints.isEmpty()) {
                merged.put(step, hints);
            }
        });
        return new Hints(merged);
    }

    private static Hints read(Path readme) {
        if (!Files.isRegularFile(readme)) {
            return new Hints(Map.of());
        }
        try {
            return parse(Files.readString(readme, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme, e);
        }
    }

    /** Parses README text; see the class comment for the format. */
    public static Hints parse(String readme) {
        Map<Integer, List<String>> byStep = new TreeMap<>();
        Integer step = null;
        StringBuilder current = null;
        for (String line : readme.split("\\R", -1)) {
            Matcher s = STEP.matcher(line);
            Matcher h = HINT.matcher(line);
            boolean continuation = current != null && line.startsWith("  ") && !line.isBlank();
            if (continuation) {
                current.append(' ').append(line.strip());
                continue;
            }
            if (current != null) {
                byStep.get(step).add(current.toString());
                current = null;
            }
            if (line.startsWith("#")) {
                step = s.matches() ? Integer.valueOf(s.group(1)) : null;
                if (step != null) {
                    byStep.putIfAbsent(step, new ArrayList<>());
                }
            } else if (step != null && h.matches()) {
                int number = Integer.parseInt(h.group(1));
                if (number != byStep.get(step).size() + 1) {
                    throw new IllegalArgumentException("README: step " + step + " has Hint " + number + " where Hint "
                            + (byStep.get(step).size() + 1) + " was expected (hints count 1, 2, 3... without gaps)");
                }
                current = new StringBuilder(h.group(2).strip());
            }
        }
        if (current != null) {
            byStep.get(step).add(current.toString());
        }
        Map<Integer, List<String>> frozen = new TreeMap<>();
        byStep.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Hints(frozen);
    }

    /** The hints of step {@code number}, gentlest first; empty when the README has none. */
    public List<String> forStep(int number) {
        return byStep.getOrDefault(number, List.of());
    }

    /** The steps the README has sections for. */
    public java.util.Set<Integer> steps() {
        return byStep.keySet();
    }
}
