package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A child JVM ends itself when its parent dies, even by kill -9")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParentDeathTest {

    private static final Pattern GRANDCHILD = Pattern.compile("grandchild pid=(\\d+)");
    private static final Pattern DIRECTORY_AND_GRANDCHILD = Pattern.compile("directory=(\\S+) grandchild pid=(\\d+)");

    private Path scratch;
    private long grandchildPid = -1;

    @BeforeEach
    void createScratch() {
        scratch = KitFiles.createPrivateDirectory();
    }

    @AfterEach
    void cleanUp() {
        if (grandchildPid > 0) {
            ProcessHandle.of(grandchildPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        KitFiles.deleteRecursively(scratch);
    }

    @Test
    @DisplayName("kill -9 of the parent: the orphan notices within a second, runs its hook and exits")
    void orphanEndsItself() {
        Path marker = scratch.resolve("hook-ran");
        try (ChildProcess parent = ChildJvm.main(ChildFixtures.StartGrandchild.class)
                .name("intermediate")
                .args(marker.toString())
                .start()) {
            await("the intermediate child to report its own child's pid")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> GRANDCHILD.matcher(parent.stdoutText()).find());
            Matcher found = GRANDCHILD.matcher(parent.stdoutText());
            assertThat(found.find())
                    .as("the intermediate printed the grandchild's pid")
                    .isTrue();
            grandchildPid = Long.parseLong(found.group(1));
            assertThat(ProcessHandle.of(grandchildPid))
                    .as("the grandchild before its parent is killed")
                    .isPresent();

            // SIGKILL the intermediate only (kill() would also kill its descendants, which is not the point).
            ProcessHandle.of(parent.pid()).orElseThrow().destroyForcibly();

            await("the orphaned grandchild to end itself")
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ProcessHandle.of(grandchildPid).isEmpty());
            await("the grandchild's parent-death hook to have written its marker")
                    .atMost(Duration.ofSeconds(1))
                    .until(() -> Files.exists(marker));
            assertThat(marker).as("what the parent-death hook wrote").hasContent("cleaned up");
        }
    }

    @Test
    @DisplayName("kill -9 of the parent: the orphan's watchdog deletes the parent's kata directory, not another run's")
    void orphanDeletesTheDeadParentsFiles() throws Exception {
        Path marker = scratch.resolve("hook-ran");
        Path parentsDirectory;
        Path otherRuns = null;
        try (ChildProcess parent = ChildJvm.main(ChildFixtures.OwnsDirectoryThenStartsGrandchild.class)
                .name("intermediate")
                .args(marker.toString())
                .start()) {
            await("the intermediate child to report its directory and its child's pid")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> DIRECTORY_AND_GRANDCHILD
                                    .matcher(parent.stdoutText())
                                    .find()
                            || !parent.isAlive());
            Matcher found = DIRECTORY_AND_GRANDCHILD.matcher(parent.stdoutText());
            assertThat(found.find())
                    .as("the intermediate reported its directory and grandchild (stderr: %s)", parent.stderrText())
                    .isTrue();
            parentsDirectory = Path.of(found.group(1));
            grandchildPid = Long.parseLong(found.group(2));
            assertThat(parentsDirectory)
                    .as("the intermediate's private directory while it lives")
                    .isDirectory();
            // Another run's entry with the same (soon dead) owner pid: made by someone else, never ours to delete.
            otherRuns = Files.createDirectory(parentsDirectory.resolveSibling(
                    KitFiles.PREFIX + parent.pid() + "-" + KitFilesTest.otherRunId() + "-parent-death-test"));
            try {
                ProcessHandle.of(parent.pid()).orElseThrow().destroyForcibly(); // kill -9 of the intermediate alone
                await("the orphaned grandchild to end itself")
                        .atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> ProcessHandle.of(grandchildPid).isEmpty());
                assertThat(parentsDirectory)
                        .as("the killed parent's private directory, after its orphan's watchdog"
                                + " swept what dead JVMs of its run left")
                        .doesNotExist();
                assertThat(otherRuns)
                        .as("a fresh katas-<the dead parent's pid>-<another run>-... entry, after the"
                                + " orphan's watchdog swept")
                        .exists();
            } finally {
                KitFiles.deleteRecursively(otherRuns);
                KitFiles.deleteRecursively(parentsDirectory);
            }
        }
    }

    @Test
    @DisplayName("a living parent is recognised as the parent, a wrong pid is not")
    void isParent() {
        long myParent = ProcessHandle.current().parent().orElseThrow().pid();
        assertThat(ChildMain.isParent(myParent)).as("isParent(the real parent)").isTrue();
        assertThat(ChildMain.isParent(ProcessHandle.current().pid()))
                .as("isParent(this process)")
                .isFalse();
    }

    @Test
    @DisplayName("the watchdog's parent pid from /proc is the one ProcessHandle gives (or -1 without /proc)")
    void procParentPid() {
        long fromProc = ChildMain.procParentPid();
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/stat"))) {
            assertThat(fromProc)
                    .as("parent pid read from /proc/self/stat")
                    .isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        } else {
            assertThat(fromProc).as("no /proc: unknown").isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("onParentDeath refuses null")
    void hookNotNull() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChildMain.onParentDeath(null))
                .as("onParentDeath(null)")
                .isInstanceOf(NullPointerException.class);
    }
}
