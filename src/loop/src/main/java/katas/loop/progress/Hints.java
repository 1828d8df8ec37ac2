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

    /** A translated line of the board: {@code * 할 일 `Key`: text} (a stub), {@code * 테스트 ...}, {@code * 실패 ...}. */
    private static final Pattern SAY = Pattern.compile("^\\*\\s+(할 일|테스트|실패)\\s+`([^`]+)`:\\s*(.*)");

    private static final Pattern KATA = Pattern.compile("^#\\s+카타\\s+\\d+:\\s*(.*?)\\s*(?:\\([^()]*\\))?\\s*$");
    private static final Pattern EXPECTED = Pattern.compile("(?s)expected:\\s*(.*?)\\s+but was:\\s*(.*?)\\s*(?:\\n|$)");

    private final Map<Integer, List<String>> byStep;
    private final Map<String, String> said;

    private Hints(Map<Integer, List<String>> byStep) {
        this(byStep, Map.of());
    }

    private Hints(Map<Integer, List<String>> byStep, Map<String, String> said) {
        this.byStep = byStep;
        this.said = said;
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
        return new Hints(merged, translated.said);
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
        Map<String, String> said = new java.util.LinkedHashMap<>();
        Integer step = null;
        StringBuilder current = null;
        String saying = null;
        for (String line : readme.split("\\R", -1)) {
            Matcher s = STEP.matcher(line);
            Matcher h = HINT.matcher(line);
            Matcher y = SAY.matcher(line);
            boolean continuation = line.startsWith("  ") && !line.isBlank();
            if (saying != null && continuation) {
                said.merge(saying, line.strip(), (a, b) -> a + " " + b);
                continue;
            }
            saying = null;
            if (continuation && current != null) {
                current.append(' ').append(line.strip());
                continue;
            }
            if (current != null) {
                byStep.get(step).add(current.toString());
                current = null;
            }
            Matcher k = KATA.matcher(line);
            if (k.matches()) {
                said.put("kata", k.group(1));
            }
            if (y.matches()) {
                saying = switch (y.group(1)) {
                            case "할 일" -> "todo.";
                            case "테스트" -> "test.";
                            default -> "fail.";
                        }
                        + y.group(2);
                said.put(saying, y.group(3).strip());
            } else if (line.startsWith("#")) {
                step = s.matches() ? Integer.valueOf(s.group(1)) : null;
                if (step != null) {
                    byStep.putIfAbsent(step, new ArrayList<>());
                    if (line.matches("^###\\s+단계\\s+\\d+:.*")) {
                        said.put(
                                "title." + step,
                                line.replaceFirst("^###\\s+", "")
                                        .replace("`", "")
                                        .strip());
                    }
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
        return new Hints(frozen, java.util.Collections.unmodifiableMap(said));
    }

    /** The hints of step {@code number}, gentlest first; empty when the README has none. */
    public List<String> forStep(int number) {
        return byStep.getOrDefault(number, List.of());
    }

    /** The steps the README has sections for. */
    public java.util.Set<Integer> steps() {
        return byStep.keySet();
    }

    /*
     * The board's other words in the README's language (README.ko.md: the kata's title from "# 카타 NN: title (...)",
     * each step's from "### 단계 N: title", and under "## 보드의 문장" the stub messages, tests' names and failures,
     * "* 할 일 `Class.method`: ...", "* 테스트 `StepNN_...Test.method`: ...", "* 실패 `StepNN_...Test.method`: ...").
     * Each falls back to the English it is given when the README has no translation.
     */

    /** The kata's title in this language, else {@code english}. */
    public String kataTitle(String english) {
        return said.getOrDefault("kata", english);
    }

    /** Step {@code number}'s title in this language, else {@code english}. */
    public String title(int number, String english) {
        return said.getOrDefault("title." + number, english);
    }

    /**
     * A stub's message ({@code Class.method: what to do}) in this language: the code name kept, the words after it
     * translated; else the English.
     */
    public String todo(String english) {
        int colon = english.indexOf(": ");
        String key = colon > 0 ? english.substring(0, colon) : english;
        String translated = said.get("todo." + key);
        return translated == null ? english : key + ": " + translated;
    }

    /** A test's name in this language, from its JUnit id or {@code Class.method}; else {@code english}. */
    public String testName(String id, String english) {
        return said.getOrDefault("test." + testKey(id), english);
    }

    /**
     * A test's failure in this language: the first {@code * 실패 `KEY`: ...} whose key is the test
     * ({@code StepNN_...Test.method}) or a phrase of the English message (an assertion's description), with what
     * AssertJ saw ({@code expected: .. but was: ..}) as code; else the English message.
     */
    public String failure(String id, String english) {
        String test = testKey(id);
        String translated = said.entrySet().stream()
                .filter(e -> e.getKey().startsWith("fail."))
                .filter(e -> {
                    String key = e.getKey().substring("fail.".length());
                    return key.equals(test) || english.contains(key);
                })
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (translated == null) {
            return english;
        }
        Matcher m = EXPECTED.matcher(english);
        return m.find()
                ? translated + " (기대: " + m.group(1).strip() + ", 실제: "
                        + m.group(2).strip() + ")"
                : translated;
    }

    /** Whether this README translates the stub message whose code name is {@code key} ({@code Class.method}). */
    public boolean translatesTodo(String key) {
        return said.containsKey("todo." + key);
    }

    /** The keys of the translated lines ({@code todo.Class.method}, {@code test.StepNN_...Test.method}, ...). */
    public java.util.Set<String> said() {
        return said.keySet();
    }

    /** {@code StepNN_...Test.method} from a JUnit unique id ({@code [class:a.b.StepNN_X]/[method:m()]}), or the id. */
    static String testKey(String id) {
        Matcher m = Pattern.compile("\\[class:(?:[\\w$]+\\.)*([\\w$]+)\\].*\\[method:(\\w+)\\(")
                .matcher(id);
        return m.find() ? m.group(1) + "." + m.group(2) : id;
    }
}
