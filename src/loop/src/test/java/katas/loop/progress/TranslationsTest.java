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

    private static final java.util.regex.Pattern TODO =
            java.util.regex.Pattern.compile("Kata\\.todo\\(\\s*((?:\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+?\\s*)+)\\)");
    private static final java.util.regex.Pattern LITERAL =
            java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The messages of a kata's stubs, {@code Kata.todo("...")} in its src/main/java (literals joined by +). */
    static List<String> stubMessages(Path kata) throws IOException {
        List<String> messages = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(kata.resolve("src/main/java"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                java.util.regex.Matcher m = TODO.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    StringBuilder text = new StringBuilder();
                    java.util.regex.Matcher l = LITERAL.matcher(m.group(1));
                    while (l.find()) {
                        text.append(l.group(1));
                    }
                    messages.add(text.toString());
                }
            }
        }
        return messages;
    }

    @Test
    @DisplayName("every step's title and every stub's message has its Korean words in the kata's README.ko.md")
    void everyTitleAndStubMessageIsInKorean() throws IOException {
        for (Path kata : katas()) {
            Hints english = Hints.of(kata, "en");
            Hints korean = Hints.of(kata, "ko");
            assertThat(korean.kataTitle("?"))
                    .as("%s: the kata's Korean title, from README.ko.md's '# 카타 NN: ...'", kata.getFileName())
                    .isNotEqualTo("?")
                    .doesNotContainPattern("[A-Za-z]");
            for (int step : english.steps()) {
                assertThat(korean.title(step, "?"))
                        .as(
                                "%s: step %d's Korean title, from README.ko.md's '### 단계 %d: ...'",
                                kata.getFileName(), step, step)
                        .startsWith("단계 " + step + ":");
            }
            List<String> messages = stubMessages(kata);
            assertThat(messages)
                    .as("%s: its stubs' messages", kata.getFileName())
                    .isNotEmpty();
            List<String> keys = new java.util.ArrayList<>();
            for (String message : messages) {
                assertThat(message)
                        .as("%s: a stub message names its code first ('Class.method: what to do')", kata.getFileName())
                        .contains(": ");
                String key = message.substring(0, message.indexOf(": "));
                keys.add(key);
                assertThat(korean.todo(message))
                        .as(
                                "%s: the Korean of the stub message '%s' (README.ko.md: * 할 일 `%s`: ...)",
                                kata.getFileName(), message, key)
                        .isNotEqualTo(message)
                        .startsWith(key + ": ");
                assertThat(english.todo(message)).isEqualTo(message);
            }
            assertThat(keys)
                    .as("%s: the stub messages' code names, one per stub", kata.getFileName())
                    .doesNotHaveDuplicates();
            for (String said : korean.said()) {
                if (said.startsWith("todo.")) {
                    assertThat(keys)
                            .as(
                                    "%s: README.ko.md translates a stub message no stub has (a stub renamed?)",
                                    kata.getFileName())
                            .contains(said.substring("todo.".length()));
                }
            }
        }
    }

    @Test
    @DisplayName("a Korean test name or failure keyed by a test names a test that exists")
    void testKeysNameRealTests() throws IOException {
        for (Path kata : katas()) {
            for (String said : Hints.of(kata, "ko").said()) {
                String key = said.substring(said.indexOf('.') + 1);
                if (said.startsWith("test.") || (said.startsWith("fail.") && key.matches("Step\\d\\d_\\w+\\.\\w+"))) {
                    String cls = key.substring(0, key.indexOf('.'));
                    String method = key.substring(key.indexOf('.') + 1);
                    try (Stream<Path> files = Files.walk(kata.resolve("src/test/java"))) {
                        List<Path> found = files.filter(
                                        p -> p.getFileName().toString().equals(cls + ".java"))
                                .toList();
                        assertThat(found)
                                .as("%s: the test class of '%s'", kata.getFileName(), key)
                                .hasSize(1);
                        assertThat(Files.readString(found.get(0)))
                                .as("%s: the test method of '%s'", kata.getFileName(), key)
                                .contains("void " + method + "(");
                    }
                }
            }
        }
    }

    @Test
    @DisplayName(
            "Korean board text: a stub keeps its code name; a failure keeps what AssertJ saw; English is unchanged")
    void translatesTheBoardsText() {
        Hints ko = Hints.parse("# 카타 09: 시험(test)\n### 단계 1: `Foo`로 하기\n* 힌트 1: 무엇?\n\n## 보드의 문장\n\n"
                + "* 할 일 `Foo.bar`: 바를 하세요\n* 테스트 `Step01_FooTest.bars`: 바를 한다\n"
                + "* 실패 `the count after`: 센\n  값입니다\n");
        assertThat(ko.kataTitle("test")).isEqualTo("시험");
        assertThat(ko.title(1, "Step 1: do it with Foo")).isEqualTo("단계 1: Foo로 하기");
        assertThat(ko.forStep(1)).containsExactly("무엇?");
        assertThat(ko.todo("Foo.bar: do the bar")).isEqualTo("Foo.bar: 바를 하세요");
        assertThat(ko.todo("Foo.baz: do the baz")).isEqualTo("Foo.baz: do the baz");
        String id = "[engine:junit-jupiter]/[class:a.b.Step01_FooTest]/[method:bars()]";
        assertThat(ko.testName(id, "bars")).isEqualTo("바를 한다");
        assertThat(ko.failure(id, "[the count after 3 rounds] \nexpected: 7\n but was: 1007"))
                .isEqualTo("센 값입니다 (기대: 7, 실제: 1007)");
        assertThat(ko.failure(id, "something else")).isEqualTo("something else");
    }
}
