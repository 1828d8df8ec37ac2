package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("ChildJvm starts a main class in a child JVM")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildJvmTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @DisplayName("the parent gets the child's exit code")
    void exitCode() throws InterruptedException {
        try (ChildProcess child =
                ChildJvm.main(ChildFixtures.ExitWith.class).args("42").start()) {
            assertThat(child.join(WAIT))
                    .as("exit code of a child that called System.exit(42)")
                    .isEqualTo(42);
            assertThat(child.exitCode()).as("exitCode() once it has exited").hasValue(42);
            assertThat(child.isAlive()).as("isAlive() once it has exited").isFalse();
        }
    }

    @Test
    @DisplayName("the child's main gets the arguments, also empty ones and ones with spaces")
    void argumentsArrive() throws InterruptedException {
        try (ChildProcess child = ChildJvm.main(ChildFixtures.PrintArgs.class)
                .args("one", "two words")
                .args("", "key=value")
                .start()) {
            child.awaitSuccess(WAIT);
            assertThat(child.stdoutText())
                    .as("what the child printed for each argument, in order")
                    .isEqualTo(String.join(System.lineSeparator(), "[one]", "[two words]", "[]", "[key=value]", ""));
        }
    }

    @Test
    @DisplayName("the child runs on this JVM's class path and java binary, through ChildMain, with its name")
    void commandLine() {
        ChildJvm builder =
                ChildJvm.main(ChildFixtures.ExitWith.class).name("worker-1").jvmArgs("-Xmx64m");
        assertThat(builder.command())
                .as("the command line: java binary of this JVM, the class path a child needs, the bootstrap main")
                .startsWith(ChildJvm.javaBinary())
                .contains(
                        "-Xmx64m",
                        "-cp",
                        ChildJvm.classPath(),
                        ChildMain.class.getName(),
                        "-Dkatas.kit.childName=worker-1",
                        "-Dkatas.kit.parentPid=" + ProcessHandle.current().pid(),
                        "-Dkatas.kit.run=" + KitFiles.runId())
                .endsWith(ChildMain.class.getName(), ChildFixtures.ExitWith.class.getName())
                .doesNotContain(ChildJvm.C1_ONLY);
        assertThat(builder.shortLived().command())
                .as("shortLived() adds C1-only compilation")
                .contains(ChildJvm.C1_ONLY);
        Path first = Path.of(System.getProperty("java.io.tmpdir"), "first").toAbsolutePath();
        List<String> command = builder.classPathFirst(first).command();
        assertThat(command.get(command.indexOf("-cp") + 1))
                .as("classPathFirst(dir): the class path starts with dir, then this JVM's")
                .isEqualTo(
                        first + File.pathSeparator + ChildJvm.classPath(ChildFixtures.ExitWith.class.getClassLoader()));
        assertThatThrownBy(() -> builder.classPathFirst(Path.of("relative")))
                .as("classPathFirst(a relative path)")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    @DisplayName("a running child is known by its main class, also when its command line is too long to show whole")
    void knownByItsMainClass() {
        ChildJvm builder =
                ChildJvm.main(ChildFixtures.BlockForever.class).jvmArgs("-Dkatas.test.padding=" + "x".repeat(8 * 1024));
        try (ChildProcess child = builder.start()) {
            ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();
            Awaitility.await("runs(child, its main class), its command line "
                            + String.join(" ", builder.command()).length()
                            + " characters (Linux shows other processes 4 KiB of it)")
                    .atMost(WAIT)
                    .until(() -> ChildJvm.runs(handle, ChildFixtures.BlockForever.class));
            assertThat(ChildJvm.runs(handle, ChildFixtures.ExitWith.class))
                    .as("runs(child, another main class)")
                    .isFalse();
            assertThat(ChildJvm.runs(ProcessHandle.current(), ChildFixtures.BlockForever.class))
                    .as("runs(this JVM, the child's main class)")
                    .isFalse();
        }
    }

    @Test
    @DisplayName("under Surefire the class path is Surefire's test class path, not the booter jar")
    void classPathUnderSurefire() {
        String surefire = System.getProperty("surefire.test.class.path");
        String expected = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        List<String> expectedEntries = Arrays.stream(expected.split(File.pathSeparator))
                .filter(e -> !e.isBlank())
                .toList();
        assertThat(ChildJvm.classPath().split(File.pathSeparator))
                .as("class path handed to children: Surefire's test class path first, in its order")
                .startsWith(expectedEntries.toArray(String[]::new))
                .as("the booter jar alone would not do")
                .hasSizeGreaterThan(1);
    }

    @Test
    @DisplayName("entries that only the test's class loader knows (a console launcher's --class-path) reach the child")
    void classPathFromTheContextClassLoader() throws Exception {
        Path extra = Files.createTempDirectory("classpath-entry");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader launcherLike =
                new URLClassLoader(new URL[] {extra.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(launcherLike);
            assertThat(ChildJvm.classPath().split(File.pathSeparator))
                    .as("class path handed to children when the tests run in a class loader of their own")
                    .contains(extra.toFile().getPath());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
            Files.delete(extra);
        }
    }

    @Test
    @DisplayName("with pipeStdio() the parent talks to the child through its stdin and stdout")
    void pipeStdio() throws Exception {
        try (ChildProcess child =
                ChildJvm.main(ChildFixtures.UpperCaseEcho.class).pipeStdio().start()) {
            OutputStream toChild = child.stdin();
            BufferedReader fromChild =
                    new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8));
            toChild.write("hello\n".getBytes(StandardCharsets.UTF_8));
            toChild.flush();
            assertThat(fromChild.readLine())
                    .as("the child's answer to the first line")
                    .isEqualTo("HELLO");
            toChild.write("again\n".getBytes(StandardCharsets.UTF_8));
            toChild.flush();
            assertThat(fromChild.readLine())
                    .as("the child's answer to the second line")
                    .isEqualTo("AGAIN");
            toChild.close();
            child.awaitSuccess(WAIT);
            assertThat(child.stderrText())
                    .as("the child saw end of input when the parent closed stdin")
                    .contains("end of input");
            assertThatThrownBy(child::stdoutText)
                    .as("stdoutText() of a piped child")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("pipeStdio()");
        }
    }

    @Test
    @DisplayName("without pipeStdio() the child's stdin is closed and the streams are refused with a reason")
    void noPipesWithoutPipeStdio() throws InterruptedException {
        try (ChildProcess child =
                ChildJvm.main(ChildFixtures.UpperCaseEcho.class).start()) {
            child.awaitSuccess(WAIT);
            assertThat(child.stderrText())
                    .as("a child without pipeStdio() reads end of input at once")
                    .contains("end of input");
            assertThatThrownBy(child::stdin)
                    .as("stdin() without pipeStdio()")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("pipeStdio()")
                    .hasMessageContaining("UpperCaseEcho");
            assertThatThrownBy(child::stdout)
                    .as("stdout() without pipeStdio()")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stdoutText()");
        }
    }

    @Test
    @DisplayName("a child and a grandchild JVM join this JVM's run: their kata files carry its run id")
    void childrenJoinTheRun() throws InterruptedException {
        try (ChildProcess child =
                ChildJvm.main(ChildFixtures.PrintRunId.class).args("grandchild").start()) {
            child.awaitSuccess(WAIT);
            String us = KitFiles.runId();
            assertThat(child.stdoutText())
                    .as(
                            "run ids and private directory names that a grandchild and a child"
                                    + " reported (this JVM's run id: %s)",
                            us)
                    .containsPattern("grandchild run=" + us + " dir=katas-\\d+-" + us + "-\\d+")
                    .containsPattern("(?m)^run=" + us + " dir=katas-" + child.pid() + "-" + us + "-\\d+$");
        }
    }

    @Test
    @DisplayName("a JVM not started by the kit starts a run of its own; a malformed inherited run id is refused")
    void aPlainJvmHasItsOwnRun() throws Exception {
        String plain = runPlainJava(null);
        assertThat(plain)
                .as("what a plain 'java PrintRunId' printed (this JVM's run id: %s)", KitFiles.runId())
                .matches("run=[0-9a-f]{8} dir=katas-\\d+-[0-9a-f]{8}-\\d+\\R")
                .doesNotContain(KitFiles.runId());
        assertThat(runPlainJava("-D" + KitFiles.RUN_PROPERTY + "=" + KitFiles.runId()))
                .as("what a plain java with -D%s=<this run> printed", KitFiles.RUN_PROPERTY)
                .startsWith("run=" + KitFiles.runId() + " ");
        assertThat(runPlainJava("-D" + KitFiles.RUN_PROPERTY + "=NOT-HEX"))
                .as("what a plain java with a malformed -D%s printed", KitFiles.RUN_PROPERTY)
                .contains("IllegalStateException")
                .contains("'NOT-HEX' is not a run id");
    }

    /** Runs {@code java [option] -cp ... PrintRunId} directly (not through the kit); its output, both streams. */
    private static String runPlainJava(String option) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ChildJvm.javaBinary(), ChildJvm.NO_PERF_DATA));
        if (option != null) {
            command.add(option);
        }
        command.addAll(List.of("-cp", ChildJvm.classPath(), ChildFixtures.PrintRunId.class.getName()));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            java.getOutputStream().close();
            byte[] output = java.getInputStream().readAllBytes();
            assertThat(java.waitFor(30, TimeUnit.SECONDS))
                    .as("plain java %s finished", command)
                    .isTrue();
            return new String(output, StandardCharsets.UTF_8);
        } finally {
            java.destroyForcibly();
        }
    }

    @Test
    @DisplayName("bad input is refused in the parent, before any process starts")
    void badInput() {
        assertThatThrownBy(() -> ChildJvm.main(null))
                .as("null main class")
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("main");
        assertThatThrownBy(() -> ChildJvm.main(ChildFixtures.NoMain.class))
                .as("a class without main")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NoMain")
                .hasMessageContaining("public static void main(String[] args)");
        assertThatThrownBy(() -> ChildJvm.main(ChildFixtures.InstanceMain.class))
                .as("a main that is not static")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("static");
        ChildJvm builder = ChildJvm.main(ChildFixtures.ExitWith.class);
        assertThatThrownBy(() -> builder.name(null)).as("null name").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.name("  ")).as("blank name").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.name("two\nlines"))
                .as("name with a line break")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.args((String[]) null))
                .as("null args array")
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.args("ok", null))
                .as("a null argument")
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("argument 1");
        assertThatThrownBy(() -> builder.jvmArgs("-cp", "/elsewhere"))
                .as("a JVM option that sets the class path")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class path");
        assertThatThrownBy(() -> builder.jvmArgs("Xmx64m"))
                .as("a JVM option without '-'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("args(...)");
        assertThatThrownBy(() -> builder.jvmArgs("-Dkatas.kit.run=0badcafe"))
                .as("a JVM option that sets the run id")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run id");
    }
}
