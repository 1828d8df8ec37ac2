package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("KitFiles: private directories, recursive delete, sweeping what dead JVMs left")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KitFilesTest {

    @Test
    @DisplayName("a private directory is rwx------, named katas-<pid>-..., in the temp directory")
    void privateDirectory() throws IOException {
        Path directory = KitFiles.createPrivateDirectory();
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                    .as("permissions of a private directory: owner only, whatever the umask").isEqualTo("rwx------");
            assertThat(directory.getFileName().toString()).as("name of a private directory")
                    .startsWith(KitFiles.PREFIX + ProcessHandle.current().pid() + "-");
            assertThat(directory.getParent()).as("where private directories are made")
                    .isEqualTo(Paths.get(System.getProperty("java.io.tmpdir")));
            assertThat(KitFiles.ownerPid(directory.getFileName().toString())).as("owner pid read back from the name")
                    .isEqualTo(ProcessHandle.current().pid());
        } finally {
            KitFiles.deleteRecursively(directory);
        }
        assertThat(directory).as("a private directory after deleteRecursively").doesNotExist();
    }

    @Test
    @DisplayName("deleteRecursively removes a tree, deletes symbolic links without following them")
    void deleteRecursively() throws IOException {
        Path outside = KitFiles.createPrivateDirectory();
        Path tree = KitFiles.createPrivateDirectory();
        try {
            Path keep = Files.writeString(outside.resolve("keep.txt"), "must survive");
            Files.createDirectories(tree.resolve("a/b/c"));
            Files.writeString(tree.resolve("a/b/c/file.txt"), "x");
            Files.createSymbolicLink(tree.resolve("a/link-to-outside"), outside);
            KitFiles.deleteRecursively(tree);
            assertThat(tree).as("the deleted tree").doesNotExist();
            assertThat(keep).as("a file behind a symbolic link in the deleted tree").hasContent("must survive");
            KitFiles.deleteRecursively(tree); // deleting what is gone is fine
        } finally {
            KitFiles.deleteRecursively(outside);
            KitFiles.deleteRecursively(tree);
        }
        assertThatThrownBy(() -> KitFiles.deleteRecursively(null)).as("deleteRecursively(null)")
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("sweepStale deletes katas-<pid>-* of dead processes and keeps those of living ones")
    void sweepStale() throws Exception {
        long deadPid;
        try (ChildProcess shortLived = ChildJvm.main(ChildFixtures.ExitWith.class).args("0").start()) {
            shortLived.join(Duration.ofSeconds(30));
            deadPid = shortLived.pid();
        }
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        Path stale = Files.createDirectory(tmp.resolve(KitFiles.PREFIX + deadPid + "-sweep-test"));
        Files.writeString(stale.resolve("leftover"), "from a JVM that was killed");
        Path alive = Files.createDirectory(tmp.resolve(KitFiles.PREFIX + ProcessHandle.current().pid() + "-sweep-test"));
        try {
            assertThat(ProcessHandle.of(deadPid)).as("the pid of a child that exited").isEmpty();
            assertThat(KitFiles.sweepStale()).as("what sweepStale deleted").contains(stale).doesNotContain(alive);
            assertThat(stale).as("a directory of a dead pid after the sweep").doesNotExist();
            assertThat(alive).as("a directory of this living JVM after the sweep").exists();
        } finally {
            KitFiles.deleteRecursively(stale);
            KitFiles.deleteRecursively(alive);
        }
    }

    @Test
    @DisplayName("ownerPid reads katas-<pid>-... names and gives -1 for others")
    void ownerPid() {
        assertThat(KitFiles.ownerPid("katas-123-abc")).as("ownerPid of katas-123-abc").isEqualTo(123);
        assertThat(KitFiles.ownerPid("katas-segment")).as("ownerPid of a name without pid").isEqualTo(-1);
        assertThat(KitFiles.ownerPid("other-123-abc")).as("ownerPid of a foreign name").isEqualTo(-1);
        assertThat(KitFiles.directories()).as("directories kata files live in")
                .contains(Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
    }
}
