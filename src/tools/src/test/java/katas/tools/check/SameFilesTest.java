package katas.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Same-files rule: a solution has the kata's files; given ones are identical")
class SameFilesTest {

    @Test
    @DisplayName("same files, a stub solved, a given file identical: the rule holds")
    void holds(@TempDir Path dir) throws Exception {
        Path kata = write(dir.resolve("kata"), "a/Counter.java", "class C { void f() { throw Kata.todo(\"x\"); } }");
        write(kata, "a/Frame.java", "record Frame() {}");
        Path solution = write(dir.resolve("solution"), "a/Counter.java", "class C { void f() {} }");
        write(solution, "a/Frame.java", "record Frame() {}");
        SameFiles.Verdict v = SameFiles.check(kata, solution);
        assertThat(v.holds()).isTrue();
        assertThat(v.given()).containsExactly("a/Frame.java");
    }

    @Test
    @DisplayName("a missing or extra file, or a given file that differs, breaks it")
    void breaks(@TempDir Path dir) throws Exception {
        Path kata = write(dir.resolve("kata"), "a/Counter.java", "throw Kata.todo(\"x\");");
        write(kata, "a/Frame.java", "record Frame() {}");
        Path solution = write(dir.resolve("solution"), "a/Frame.java", "record Frame(int x) {}");
        write(solution, "a/Extra.java", "class Extra {}");
        SameFiles.Verdict v = SameFiles.check(kata, solution);
        assertThat(v.problems()).hasSize(2);
        assertThat(v.problems().get(0))
                .contains("missing in the solution [a/Counter.java]")
                .contains("[a/Extra.java]");
        assertThat(v.problems().get(1)).contains("given file a/Frame.java");
    }

    private static Path write(Path root, String file, String text) throws Exception {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
        return root;
    }
}
