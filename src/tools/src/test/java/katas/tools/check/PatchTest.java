package katas.tools.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Known-wrong patches: made from a changed copy, applied exactly, refused when the base moved on")
class PatchTest {

    private static final String COUNTER = IntStream.rangeClosed(1, 30)
                    .mapToObj(i -> "    // line " + i)
                    .collect(Collectors.joining("\n", "class Counter {\n", "\n"))
            + "    synchronized void increment() {\n        value++;\n    }\n}\n";

    @Test
    @DisplayName("a patch made from a changed copy applies to the solution and gives the copy back")
    void makeAndApply(@TempDir Path dir) throws Exception {
        Path solution = dir.resolve("solution");
        write(solution.resolve("src/main/java"), "a/Counter.java", COUNTER);
        Path copy = write(dir, "Counter.java", COUNTER.replace("    synchronized void", "    void"));

        String text = MakePatch.make(solution, header(), List.of(copy));
        Patch patch = Patch.parse(text);

        assertThat(text).startsWith("mistake: the lock is gone\nfailure.mentions: lost update\n--- a/a/Counter.java\n");
        assertThat(text).contains("-    synchronized void increment() {\n+    void increment() {\n");
        assertThat(patch.header()).containsEntry("failure.mentions", "lost update");
        assertThat(patch.files()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("a/Counter.java");
            assertThat(f.hunks()).hasSize(1);
        });
        assertThat(Patch.apply(COUNTER, patch.files().get(0))).isEqualTo(Files.readString(copy));
        // Lines added above the hunk move it as a whole: it still applies, to the same method.
        assertThat(Patch.apply("// new\n// lines\n" + COUNTER, patch.files().get(0)))
                .isEqualTo("// new\n// lines\n" + Files.readString(copy));
    }

    @Test
    @DisplayName("the closest base is chosen: a known-right version the copy differs less from is named in the header")
    void closestBase(@TempDir Path dir) throws Exception {
        Path solution = dir.resolve("solution");
        write(solution.resolve("src/main/java"), "a/Counter.java", COUNTER);
        String right = COUNTER.replace("value++;", "lock.lock();\n        value++;\n        lock.unlock();");
        write(solution.resolve("known-right/reentrant-lock"), "Counter.java", right);
        Path copy = write(dir, "Counter.java", right.replace("        lock.unlock();\n", ""));

        String text = MakePatch.make(solution, header(), List.of(copy));

        assertThat(text).contains("base: known-right/reentrant-lock\n").contains("-        lock.unlock();\n");
        Patch patch = Patch.parse(text);
        String base = Files.readString(MakePatch.base(solution, patch.header().get("base"), "a/Counter.java"));
        assertThat(Patch.apply(base, patch.files().get(0))).isEqualTo(Files.readString(copy));
    }

    @Test
    @DisplayName("a hunk whose lines are no longer in the base fails, naming the hunk and the line; no fuzz")
    void doesNotApply(@TempDir Path dir) throws Exception {
        Path solution = dir.resolve("solution");
        write(solution.resolve("src/main/java"), "a/Counter.java", COUNTER);
        Path copy = write(dir, "Counter.java", COUNTER.replace("    synchronized void", "    void"));
        Patch patch = Patch.parse(MakePatch.make(solution, header(), List.of(copy)));
        String changed = COUNTER.replace("        value++;", "        value += 1;");

        assertThatThrownBy(() -> Patch.apply(changed, patch.files().get(0)))
                .isInstanceOf(Patch.DoesNotApply.class)
                .hasMessageContaining("hunk 1 of 1 (@@ -29,7 +29,7 @@) of a/Counter.java does not apply")
                .hasMessageContaining("expects 'value++;'");
    }

    @Test
    @DisplayName("a patch made by git diff (diff --git and index lines, no header) reads too")
    void gitDiff() {
        Patch patch =
                Patch.parse("mistake: x\nfailure.mentions: y\ndiff --git a/a/C.java b/a/C.java\nindex 1..2 100644\n"
                        + "--- a/a/C.java\n+++ b/a/C.java\n@@ -1,2 +1,2 @@\n class C {\n-  int a;\n+  long a;\n");
        assertThat(patch.files())
                .singleElement()
                .extracting(Patch.FilePatch::path)
                .isEqualTo("a/C.java");
        assertThatThrownBy(() -> Patch.parse("mistake: x\nnot a diff"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
    }

    private static Map<String, String> header() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("mistake", "the lock is gone");
        header.put("failure.mentions", "lost update");
        return header;
    }

    private static Path write(Path root, String file, String text) throws Exception {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path;
    }
}
