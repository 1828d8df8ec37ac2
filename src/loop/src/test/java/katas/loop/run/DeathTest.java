package katas.loop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import katas.loop.board.Board;
import katas.loop.board.Finish;
import katas.loop.fixture.Step01_HangFixture;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepProgress;
import katas.loop.progress.StepState;
import katas.loop.progress.TestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real KataRun (supervisor and test JVM) on the fixture steps 4 to 6, in a made-up kata folder: its test JVM is
 * killed with SIGKILL while step 5's test runs, or ends itself with System.exit, and the board still says what
 * happened.
 */
@DisplayName("A test JVM that dies mid-run: the progress and the board say which kata, what happened, and where")
@Timeout(240)
class DeathTest {

    static final String DYING = "Step 5: the test JVM dies here";

    static Process start(Path kata, Path log, String... jvmOptions) throws Exception {
        Files.createDirectories(kata.resolve("src/main/java"));
        Files.createDirectories(kata.resolve("target/classes"));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path testClasses = Path.of(Step01_HangFixture.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of(
                "-cp",
                cp,
                KataRun.class.getName(),
                "--mode=learner",
                "--kata=" + kata,
                "--sources=" + kata.resolve("src/main/java"),
                "--classes=" + kata.resolve("target/classes"),
                "--test-classes=" + testClasses,
                "--test=Step04_PassFixture,Step05_DieFixture,Step06_AfterFixture",
                "--classpath",
                cp + File.pathSeparator + testClasses));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    static int end(Process p) throws InterruptedException {
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("the supervisor ends once its test JVM is dead")
                    .isTrue();
            return p.exitValue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    @DisplayName(
            "kill -9 of the test JVM during step 5: that test fails saying so, step 6 is not run, the board says it")
    void killed(@TempDir Path dir) throws Exception {
        Path kata = dir.resolve("09-tiny-kata");
        Path log = dir.resolve("run.log");
        Process supervisor = start(kata, log);
        RunMarker marker = RunMarker.ofKata(kata);
        long[] pid = new long[1];
        try {
            await("the test JVM in step 5's test (log: " + log + ")")
                    .atMost(Duration.ofSeconds(100))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Optional<RunMarker.State> s = marker.read();
                        s.filter(x -> x.inTest() && x.step().equals(DYING)).ifPresent(x -> pid[0] = x.pid());
                        return pid[0] != 0;
                    });
            assertThat(pid[0]).as("the test JVM is not the supervisor").isNotEqualTo(supervisor.pid());
            assertThat(ProcessHandle.of(pid[0]).orElseThrow().destroyForcibly())
                    .as("SIGKILL sent")
                    .isTrue();
        } finally {
            if (pid[0] == 0) {
                supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
            }
        }
        assertThat(end(supervisor))
                .as("a learner's run exits 0: the board decides")
                .isZero();
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(printed)
                .as("what the run printed")
                .contains("kata 09 tiny kata: the test JVM was killed (signal 9, SIGKILL")
                .contains("during " + DYING + " / waits to be killed (exit code 137)")
                .doesNotContain("\tat ");
        KataProgress progress = KataProgress.load(kata);
        assertThat(progress.died()).contains("was killed (signal 9").contains(DYING + " / waits to be killed");
        StepProgress five = BoundsTest.step(progress, 5);
        assertThat(five.tests().get(0).result())
                .get()
                .satisfies(r -> assertThat(r.kind()).isEqualTo(TestResult.Kind.DIED))
                .satisfies(r -> assertThat(r.message()).contains("was killed (signal 9"));
        assertThat(BoundsTest.step(progress, 4).state(Map.of()))
                .as("step 4 ran before")
                .isEqualTo(StepState.DONE);
        assertThat(BoundsTest.step(progress, 6).notRunReason())
                .isEqualTo("not run: the test JVM died before it got here");
        assertThat(marker.read()).as("the marker, once reported").isEmpty();
        String board = Board.render(List.of(Finish.view(kata, null)), 1, true, "./mvnw test");
        assertThat(board)
                .contains("died  kata 09: the test JVM was killed (signal 9")
                .contains("[failing]  " + DYING)
                .contains("note  steps 6 did not run: the test JVM died before it got here");
    }

    @Test
    @DisplayName("code under test that calls System.exit(0): the board says the run ended early, and where")
    void exited(@TempDir Path dir) throws Exception {
        Path kata = dir.resolve("09-tiny-kata");
        Process supervisor = start(kata, dir.resolve("run.log"), "-Dfixture.exit=0", "-Dfixture.dir=" + dir);
        assertThat(end(supervisor)).isZero();
        assertThat(KataProgress.load(kata).died())
                .isEqualTo("the test JVM ended before its run did (did the code under test call System.exit?) during "
                        + DYING + " / waits to be killed (exit code 0)");
    }

    @Test
    @DisplayName("a marker left by a JVM that is gone, with nothing recorded (the build was killed): the board says so")
    void staleMarker(@TempDir Path dir) throws Exception {
        Path kata = dir.resolve("09-tiny-kata");
        Path file = RunMarker.ofKata(kata).file();
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                "pid=999999999\nstate=RUNNING\nstep=Step 2\\: two\ntest=waits\nin.test=true\nupdated=1\n",
                StandardCharsets.ISO_8859_1);
        assertThat(Finish.view(kata, null).progress().died())
                .isEqualTo("the test JVM ended before its run did, during Step 2: two / waits, and nothing reported"
                        + " why (was the build killed?)");
    }
}
