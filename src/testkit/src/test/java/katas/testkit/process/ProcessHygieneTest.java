package katas.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
    /** Entries "of another run" that this test plants, or that an example test reports; deleted after each test. */
    static final List<Path> planted = new CopyOnWriteArrayList<>();
    /** Processes an example test started that this test must make sure are gone. */
    static final List<Long> started = new CopyOnWriteArrayList<>();
    /** What a child JVM of an example test made; set by the example. */
    static volatile Path childsFile;
    /** A child JVM from before the example test; the example asks it for a directory. */
    static volatile ChildProcess older;

    @AfterEach
    void resetAndMakeSure() {
        if (leftPid > 0) {
            ProcessHandle.of(leftPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (leftFile != null) {
            KitFiles.deleteRecursively(leftFile);
        }
        if (childsFile != null) {
            KitFiles.deleteRecursively(childsFile);
        }
        planted.forEach(KitFiles::deleteRecursively);
        leftPid = -1;
        leftFile = null;
        childsFile = null;
        older = null;
        planted.clear();
        started.clear();
    }

    @Test
    @DisplayName("a test that leaves its child running fails with pid and command line, and the child is killed")
    void childLeftRunning() {
        EngineExecutionResults results = run(LeavesChildRunning.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        Throwable failure = onlyFailure(results.testEvents().failed().list());
        assertThat(failure)
                .as("the hygiene failure of a test that left a child running")
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(ProcessHygiene.CHILD_LEFT_RUNNING)
                .hasMessageContaining("pid " + leftPid + ": ")
                .hasMessageContaining("katas.kit.process.ChildMain")
                .hasMessageContaining("HygieneFixtures$BlockForever")
                .hasMessageContaining("chars)"); // the long class path is shortened
        assertThat(ProcessHandle.of(leftPid))
                .as("the child the test left running, after the hygiene check")
                .isEmpty();
    }

    @Test
    @DisplayName("a test that closes its child passes, and a child from before the test is not its business")
    void cleanTestPasses() {
        try (ChildProcess olderChild =
                ChildJvm.main(HygieneFixtures.BlockForever.class).name("older").start()) {
            run(ClosesItsChild.class)
                    .testEvents()
                    .assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(olderChild.isAlive())
                    .as("a child started before the example test ran")
                    .isTrue();
        }
    }

    @Test
    @DisplayName("a child started in @BeforeAll and never stopped fails the test class")
    void childLeftByBeforeAll() {
        EngineExecutionResults results = run(LeavesChildFromBeforeAll.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        Throwable failure = onlyFailure(results.containerEvents().failed().list());
        assertThat(failure)
                .as("the class-level hygiene failure")
                .hasMessageContaining("still running after the test class")
                .hasMessageContaining("pid " + leftPid + ": ");
        assertThat(ProcessHandle.of(leftPid))
                .as("the child from @BeforeAll, after the hygiene check")
                .isEmpty();
    }

    @Test
    @DisplayName("a test that leaves a katas-* file fails naming it, and the file is deleted")
    void fileLeftBehind() {
        EngineExecutionResults results = run(LeavesKitFile.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = onlyFailure(results.testEvents().failed().list());
        assertThat(failure)
                .as("the hygiene failure of a test that left a file behind")
                .hasMessageStartingWith(ProcessHygiene.FILES_LEFT_BEHIND)
                .hasMessageContaining(leftFile + "   (made by this JVM)");
        assertThat(leftFile)
                .as("the file the test left, after the hygiene check")
                .doesNotExist();
    }

    @Test
    @DisplayName("a file that a child JVM made and left when it was killed (kill -9) fails the test naming it, and is"
            + " deleted")
    void killedChildsFileLeftBehind() {
        EngineExecutionResults results = run(ChildMakesFileAndIsKilled.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = onlyFailure(results.testEvents().failed().list());
        assertThat(childsFile).as("the directory the child reported").isNotNull();
        assertThat(failure)
                .as("the hygiene failure of a test whose killed child left a directory")
                .hasMessageStartingWith(ProcessHygiene.FILES_LEFT_BEHIND)
                .hasMessageContaining(
                        childsFile + "   (made by pid " + started.get(0) + ", a JVM of this run that has" + " ended)");
        assertThat(childsFile)
                .as("the killed child's directory, after the hygiene check")
                .doesNotExist();
    }

    @Test
    @DisplayName("a file that a grandchild JVM made and left when its parent was killed fails the test, and is deleted")
    void grandchildsFileLeftBehind() {
        EngineExecutionResults results = run(GrandchildMakesFileParentIsKilled.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = onlyFailure(results.testEvents().failed().list());
        assertThat(childsFile).as("the directory the grandchild reported").isNotNull();
        assertThat(failure)
                .as("the hygiene failure of a test whose grandchild left a directory")
                .hasMessageStartingWith(ProcessHygiene.FILES_LEFT_BEHIND)
                .hasMessageContaining(childsFile.toString());
        assertThat(childsFile)
                .as("the grandchild's directory, after the hygiene check")
                .doesNotExist();
    }

    @Test
    @DisplayName("a test that deletes its katas-* files passes")
    void cleanFilesPass() {
        run(DeletesItsFiles.class)
                .testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    @DisplayName("entries of another run made during the test (even with a dead pid) are neither blamed nor deleted")
    void otherRunsFilesAreLeftAlone() throws Exception {
        long deadPid;
        try (ChildProcess exited =
                ChildJvm.main(HygieneFixtures.BlockForever.class).name("exited").start()) {
            exited.kill();
            deadPid = exited.pid();
        }
        assertThat(ProcessHandle.of(deadPid))
                .as("the pid of a child that was killed")
                .isEmpty();
        try (ChildProcess other = ChildJvm.main(HygieneFixtures.BlockForever.class)
                .name("other-jvm")
                .start()) {
            String otherRun = KitFiles.runId().equals("0badcafe") ? "1badcafe" : "0badcafe";
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            List<Path> entries = new java.util.ArrayList<>(List.of(
                    tmp.resolve(KitFiles.PREFIX + deadPid + "-4242"), // the reproduction
                    tmp.resolve(KitFiles.PREFIX + deadPid + "-" + otherRun + "-x"), // another run, owner dead
                    tmp.resolve(KitFiles.PREFIX + other.pid() + "-" + otherRun + "-y"), // another run, owner alive
                    tmp.resolve(KitFiles.PREFIX + "segment-" + deadPid))); // no pid at all
            Path shm = Path.of("/dev/shm");
            if (KitFiles.directories().contains(shm)) {
                entries.add(shm.resolve(KitFiles.PREFIX + deadPid + "-" + otherRun + "-segment"));
            }
            planted.addAll(entries);

            run(CreatesAnotherRunsFiles.class)
                    .testEvents()
                    .assertStatistics(stats -> stats.started(1).succeeded(1));

            for (Path entry : entries) {
                assertThat(entry)
                        .as("%s, which another run made during the test, after the hygiene check", entry)
                        .exists();
            }
        }
    }

    @Test
    @DisplayName("a file made during the test by a process of this run that was running before the test is left alone")
    void olderProcessesFilesAreLeftAlone() throws Exception {
        try (ChildProcess olderChild = ChildJvm.main(HygieneFixtures.MakesDirectoriesOnRequest.class)
                .name("older")
                .pipeStdio()
                .start()) {
            older = olderChild;
            run(AsksAnOlderProcessForAFile.class)
                    .testEvents()
                    .assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(childsFile).as("the directory the older child reported").isNotNull();
            assertThat(childsFile)
                    .as("the older child's directory, made during the test, after the hygiene check")
                    .exists();
            olderChild.stdin().close();
            olderChild.awaitSuccess(WAIT);
            assertThat(childsFile)
                    .as("the older child's directory, after the older child deleted it")
                    .doesNotExist();
        }
    }

    @Test
    @DisplayName("when the test failed already, the hygiene failure is added to it, not instead of it")
    void keepsTheFirstFailure() {
        EngineExecutionResults results = run(FailsAndLeavesChild.class);

        Throwable failure = onlyFailure(results.testEvents().failed().list());
        assertThat(failure).as("the test's own failure").hasMessage("the test's own failure");
        assertThat(failure.getSuppressed())
                .as("the hygiene failure, suppressed in the test's own")
                .singleElement()
                .satisfies(
                        suppressed -> assertThat(suppressed).hasMessageStartingWith(ProcessHygiene.CHILD_LEFT_RUNNING));
        assertThat(ProcessHandle.of(leftPid))
                .as("the child the failed test left running")
                .isEmpty();
    }

    private static EngineExecutionResults run(Class<?> exampleClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(HygieneFixtures.DRIVEN_BY_TEST, "true")
                .selectors(selectClass(exampleClass))
                .execute();
    }

    private static Throwable onlyFailure(List<Event> failed) {
        assertThat(failed).as("failed events").hasSize(1);
        return failed.get(0)
                .getRequiredPayload(TestExecutionResult.class)
                .getThrowable()
                .orElseThrow();
    }

    private static ChildProcess startBlocking(String name) {
        ChildProcess child =
                ChildJvm.main(HygieneFixtures.BlockForever.class).name(name).start();
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
    static class CreatesAnotherRunsFiles {
        @Test
        void anotherRunCreatesFilesMeanwhile() throws Exception {
            // Stands for another test run on the machine (another build, clone or terminal) that makes its own
            // files while this test runs.
            for (Path entry : planted) {
                Files.createDirectory(entry);
                Files.writeString(entry.resolve("data"), "another run's");
            }
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class ChildMakesFileAndIsKilled {
        @Test
        void childMakesADirectoryAndIsKilled() throws Exception {
            try (ChildProcess child = ChildJvm.main(HygieneFixtures.MakesDirectoryThenBlocks.class)
                    .name("maker")
                    .start()) {
                started.add(child.pid());
                childsFile = awaitDirectory(child, DIRECTORY);
                ProcessHandle.of(child.pid()).orElseThrow().destroyForcibly(); // kill -9: no cleanup can run
                assertThat(child.join(WAIT)).as("exit code of the killed child").isEqualTo(137);
            }
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class GrandchildMakesFileParentIsKilled {
        @Test
        void grandchildMakesADirectoryAndItsParentIsKilled() throws Exception {
            try (ChildProcess child = ChildJvm.main(HygieneFixtures.StartsGrandchildThatMakesDirectory.class)
                    .name("intermediate")
                    .start()) {
                started.add(child.pid());
                childsFile = awaitDirectory(child, DIRECTORY);
                java.util.regex.Matcher grandchild = GRANDCHILD.matcher(child.stdoutText());
                assertThat(grandchild.find())
                        .as("the intermediate reported its child's pid")
                        .isTrue();
                long grandchildPid = Long.parseLong(grandchild.group(1));
                started.add(grandchildPid);
                ProcessHandle.of(child.pid()).orElseThrow().destroyForcibly(); // kill -9 of the intermediate alone
                await("the orphaned grandchild's watchdog to end it")
                        .atMost(WAIT)
                        .until(() -> ProcessHandle.of(grandchildPid).isEmpty());
            }
        }
    }

    @ExtendWith({HygieneFixtures.OnlyWhenDrivenByTest.class, ProcessHygiene.class})
    static class AsksAnOlderProcessForAFile {
        @Test
        void olderProcessMakesADirectory() throws Exception {
            older.stdin().write("make one\n".getBytes(StandardCharsets.UTF_8));
            older.stdin().flush();
            childsFile = Path.of(
                    new BufferedReader(new InputStreamReader(older.stdout(), StandardCharsets.UTF_8)).readLine());
        }
    }

    private static final Pattern DIRECTORY = Pattern.compile("directory=(\\S+)");
    private static final Pattern GRANDCHILD = Pattern.compile("grandchild pid=(\\d+)");

    /** Waits until {@code child} printed {@code directory=<path>}, and returns the path. */
    private static Path awaitDirectory(ChildProcess child, Pattern pattern) {
        await("the child to report its directory")
                .atMost(WAIT)
                .until(() -> pattern.matcher(child.stdoutText()).find() || !child.isAlive());
        java.util.regex.Matcher found = pattern.matcher(child.stdoutText());
        assertThat(found.find())
                .as("the child reported its directory (stderr: %s)", child.stderrText())
                .isTrue();
        Path directory = Path.of(found.group(1));
        assertThat(directory).as("the child's directory while the child lives").isDirectory();
        return directory;
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
