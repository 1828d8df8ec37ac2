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
        try (ChildProcess parent = ChildJvm.main(ChildFixtures.StartGrandchild.class).name("intermediate")
                .args(marker.toString()).start()) {
            await("the intermediate child to report its own child's pid").atMost(Duration.ofSeconds(30))
                    .until(() -> GRANDCHILD.matcher(parent.stdoutText()).find());
            Matcher found = GRANDCHILD.matcher(parent.stdoutText());
            assertThat(found.find()).as("the intermediate printed the grandchild's pid").isTrue();
            grandchildPid = Long.parseLong(found.group(1));
            assertThat(ProcessHandle.of(grandchildPid)).as("the grandchild before its parent is killed").isPresent();

            // SIGKILL the intermediate only (kill() would also kill its descendants, which is not the point).
            ProcessHandle.of(parent.pid()).orElseThrow().destroyForcibly();

            await("the orphaned grandchild to end itself").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ProcessHandle.of(grandchildPid).isEmpty());
            await("the grandchild's parent-death hook to have written its marker").atMost(Duration.ofSeconds(1))
                    .until(() -> Files.exists(marker));
            assertThat(marker).as("what the parent-death hook wrote").hasContent("cleaned up");
        }
    }

    @Test
    @DisplayName("a living parent is recognised as the parent, a wrong pid is not")
    void isParent() {
        long myParent = ProcessHandle.current().parent().orElseThrow().pid();
        assertThat(ChildMain.isParent(myParent)).as("isParent(the real parent)").isTrue();
        assertThat(ChildMain.isParent(ProcessHandle.current().pid())).as("isParent(this process)").isFalse();
    }

    @Test
    @DisplayName("onParentDeath refuses null")
    void hookNotNull() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChildMain.onParentDeath(null))
                .as("onParentDeath(null)").isInstanceOf(NullPointerException.class);
    }
}
