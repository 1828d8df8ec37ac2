package katas.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.KitFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

@DisplayName("ProcessHygiene fails a test that leaves a child process or a kata file behind, and cleans up")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessHygieneTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Set by the example tests so that this test can check on what they left. */
    static volatile long leftPid = -1;
    static volatile Path leftFile;

    @AfterEach
    void resetAndMakeSure() {
        if (leftPid > 0) {
            ProcessHandle.of(leftPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (leftFile != null) {
            KitFiles.deleteRecursively(leftFile);
        }
        leftPid = -1;
        leftFile = null;
    }

    @Test
    @DisplayName("a test that leaves its child running fails with pid and command line, and the child is killed")
    void childLeftRunning() {
        EngineExecutionResults results = run(LeavesChildRunning.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        Throwable failure = onlyFailure(results.testEvents().failed().list());
        assertThat(failure).as("the hygiene failure of a test that left a child running")
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(ProcessHygiene.CHILD_LEFT_RUNNING)
                .hasMessageContaining("pid " + leftPid + ": ")
                .hasMessageContaining("katas.kit.process.ChildMain")
                .hasMessageContaining("HygieneFixtures$BlockForever")
                .hasMessageContaining("chars)"); // the long class path is shortened
        assertThat(ProcessHandle.of(leftPid)).as("the child the test left running, after the hygiene check").isEmpty();
    }

    @Test
    @DisplayName("a test that closes its child passes, and a child from before the test is not its business")
    void cleanTestPasses() {
        try (ChildProcess olderChild = ChildJvm.main(HygieneFixtures.BlockForever.class).name("older").start()) {
            run(ClosesItsChild.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(olderChild.isAlive()).as("a child started before the example test ran").isTrue();
        }
    }

    @Test
    @DisplayName("a child started in @BeforeAll and never stopped fails the test class")
    void childLeftByBeforeAll() {
        EngineExecutionResults results = run(LeavesChildFromBeforeAll.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        Throwable failure = onlyFailure(results.containerEvents().failed().list());
        assertThat(failure).as("the class-level hygiene failure")
                .hasMessageContaining("still running after the test class")
                .hasMessageContaining("pid " + leftPid + ": ");
        assertThat(ProcessHandle.of(leftPid)).as("the child from @BeforeAll, after the hygiene check").isEmpty();
    }

    @Test
    @DisplayName("a test that leaves a katas-* file fails naming it, and the file is deleted")
    void fileLeftBehind() {
        EngineExecutionResults results = run(LeavesKitFile.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = onlyFailure(results.testEvents().failed().list());
        assertThat(failure).as("the hygiene failure of a test that left a file behind")
                .hasMessageStartingWith(ProcessHygiene.FILES_LEFT_BEHIND)
                .hasMessageContaining(leftFile.toString());
        assertThat(leftFile).as("the file the test left, after the hygiene check").doesNotExist();
    }

    @Test
    @DisplayName("a test that deletes its katas-* files passes")
    void cleanFilesPass() {
        run(DeletesItsFiles.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    @DisplayName("a katas-<pid>-* file that another living process makes during the test is left alone")
    void otherProcessesFilesAreLeftAlone() {
        try (ChildProcess other = ChildJvm.main(HygieneFixtures.BlockForever.class).name("other-jvm").start()) {
            leftFile = Path.of(System.getProperty("java.io.tmpdir")).resolve(KitFiles.PREFIX + other.pid() + "-not-ours");
            run(CreatesAnotherProcessesFile.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(leftFile).as("a katas-<pid>-* file of another living process, after the hygiene check").exists();
        }
    }

    @Test
    @DisplayName("when the test failed already, the hygiene failure is added to it, not instead of it")
    void keepsTheFirstFailure() {
        EngineExecutionResults results = run(FailsAndLeavesChild.class);

        Throwable failure = onlyFailure(results.testEvents().failed().list());
        assertThat(failure).as("the test's own failure").hasMessage("the test's own failure");
        assertThat(failure.getSuppressed()).as("the hygiene failure, suppressed in the test's own")
                .singleElement().satisfies(suppressed -> assertThat(suppressed)
                        .hasMessageStartingWith(ProcessHygiene.CHILD_LEFT_RUNNING));
        assertThat(ProcessHandle.of(leftPid)).as("the child the failed test left running").isEmpty();
    }

    private static EngineExecutionResults run(Class<?> exampleClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(HygieneFixtures.DRIVEN_BY_TEST, "true")
                .selectors(selectClass(exampleClass))
                .execute();
    }

    private static Throwable onlyFailure(List<Event> failed) {
        assertThat(failed).as("failed events").hasSize(1);
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private static ChildProcess startBlocking(String name) {
        ChildProcess child = ChildJvm.main(HygieneFixtures.BlockForever.class).name(name).start();
        leftPid = child.pid();
        await().atMost(WAIT).until(() -> child.stderrText().contains("ready"));
        return child;
    }

    // --- Example test classes, run only through the EngineTestKit above. ---

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class LeavesChildRunning {
        @Test
        void startsAndForgets() {
            startBlocking("forgotten");
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class ClosesItsChild {
        @Test
        void startsAndCloses() {
            try (ChildProcess child = startBlocking("closed")) {
                assertThat(child.isAlive()).isTrue();
            }
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class LeavesChildFromBeforeAll {
        @BeforeAll
        static void startServer() {
            startBlocking("server");
        }

        @Test
        void usesIt() {
            assertThat(ProcessHandle.of(leftPid)).isPresent();
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class LeavesKitFile {
        @Test
        void createsAndForgets() {
            leftFile = KitFiles.createPrivateDirectory();
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class DeletesItsFiles {
        @Test
        void createsAndDeletes() throws Exception {
            Path directory = KitFiles.createPrivateDirectory();
            try {
                Files.writeString(directory.resolve("data"), "x");
            } finally {
                KitFiles.deleteRecursively(directory);
            }
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class CreatesAnotherProcessesFile {
        @Test
        void anotherProcessCreatesAFileMeanwhile() throws Exception {
            // Stands for another test JVM on the machine that makes its own file while this test runs.
            Files.createDirectory(leftFile);
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class FailsAndLeavesChild {
        @Test
        void failsAndForgets() {
            startBlocking("forgotten-by-failing-test");
            throw new AssertionError("the test's own failure");
        }
    }
}
