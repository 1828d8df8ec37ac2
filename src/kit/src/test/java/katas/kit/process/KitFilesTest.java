package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("KitFiles: private directories, run ids, recursive delete, sweeping what this run's dead JVMs left")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KitFilesTest {

    @Test
    @DisplayName("a private directory is rwx------, named katas-<pid>-<run id>-..., in the temp directory")
    void privateDirectory() throws IOException {
        Path directory = KitFiles.createPrivateDirectory();
        try {
            String name = directory.getFileName().toString();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                    .as("permissions of a private directory: owner only, whatever the umask")
                    .isEqualTo("rwx------");
            assertThat(name)
                    .as("name of a private directory: this JVM's pid, then its run id")
                    .startsWith(KitFiles.PREFIX + ProcessHandle.current().pid() + "-" + KitFiles.runId() + "-");
            assertThat(directory.getParent())
                    .as("where private directories are made")
                    .isEqualTo(Paths.get(System.getProperty("java.io.tmpdir")));
            assertThat(KitFiles.ownerPid(name))
                    .as("owner pid read back from the name")
                    .isEqualTo(ProcessHandle.current().pid());
            assertThat(KitFiles.runId(name))
                    .as("run id read back from the name")
                    .hasValue(KitFiles.runId());
            assertThat(KitFiles.isOurRun(name))
                    .as("isOurRun(a private directory of this JVM)")
                    .isTrue();
        } finally {
            KitFiles.deleteRecursively(directory);
        }
        assertThat(directory).as("a private directory after deleteRecursively").doesNotExist();
    }

    @Test
    @DisplayName("this JVM's run id is 8 lowercase hex digits, the same every time")
    void runIdOfThisJvm() {
        assertThat(KitFiles.runId())
                .as("KitFiles.runId()")
                .matches("[0-9a-f]{8}")
                .isEqualTo(KitFiles.runId());
    }

    @Test
    @DisplayName("fileName(label) is katas-<pid>-<run id>-<label>, and refuses labels that could escape the directory")
    void fileName() {
        String name = KitFiles.fileName("counter-segment");
        assertThat(name)
                .as("KitFiles.fileName(\"counter-segment\")")
                .isEqualTo(
                        KitFiles.PREFIX + ProcessHandle.current().pid() + "-" + KitFiles.runId() + "-counter-segment");
        assertThat(KitFiles.isOurRun(name)).as("isOurRun(fileName(...))").isTrue();
        assertThat(KitFiles.ownerPid(name))
                .as("ownerPid(fileName(...))")
                .isEqualTo(ProcessHandle.current().pid());
        assertThatThrownBy(() -> KitFiles.fileName(null)).as("fileName(null)").isInstanceOf(NullPointerException.class);
        for (String bad : new String[] {"", "a/b", "../x", "..", "with space", "x".repeat(101)}) {
            assertThatThrownBy(() -> KitFiles.fileName(bad))
                    .as("fileName(\"%s\")", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("label");
        }
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
            assertThat(keep)
                    .as("a file behind a symbolic link in the deleted tree")
                    .hasContent("must survive");
            KitFiles.deleteRecursively(tree); // deleting what is gone is fine
        } finally {
            KitFiles.deleteRecursively(outside);
            KitFiles.deleteRecursively(tree);
        }
        assertThatThrownBy(() -> KitFiles.deleteRecursively(null))
                .as("deleteRecursively(null)")
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("sweepStale deletes this run's entries of dead JVMs, another run's once no process of it is left"
            + " (after the grace), abandoned ones of any run after an hour, and no entry of a live one")
    void sweepStale() throws Exception {
        long deadPid = deadPid();
        long self = ProcessHandle.current().pid();
        String us = KitFiles.runId();
        String other = otherRunId();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        List<Path> planted = new ArrayList<>();
        try {
            Path oursDead = plant(planted, tmp, KitFiles.PREFIX + deadPid + "-" + us + "-sweep-test", null);
            Path oursAlive = plant(planted, tmp, KitFiles.PREFIX + self + "-" + us + "-sweep-test", null);
            // The reproduction: an entry of another run, whose owner is dead, made a moment ago.
            Path oldStyleFresh = plant(planted, tmp, KitFiles.PREFIX + deadPid + "-4242", null);
            Path otherFresh = plant(planted, tmp, KitFiles.PREFIX + deadPid + "-" + other + "-x", null);
            Path otherOld = plant(planted, tmp, KitFiles.PREFIX + deadPid + "-" + other + "-old", twoHoursAgo);
            Path oldStyleOld = plant(planted, tmp, KitFiles.PREFIX + deadPid + "-4243", twoHoursAgo);
            Path otherOldButInUse =
                    plant(planted, tmp, KitFiles.PREFIX + deadPid + "-" + other + "-in-use", twoHoursAgo);
            Files.setLastModifiedTime(otherOldButInUse.resolve("leftover"), FileTime.from(Instant.now()));
            // Made when this JVM started (it cannot be older than its owner): old, but its owner lives.
            FileTime whenWeStarted =
                    FileTime.from(ProcessHandle.current().info().startInstant().orElseThrow());
            Path otherOldAlive = plant(planted, tmp, KitFiles.PREFIX + self + "-" + other + "-old", whenWeStarted);
            Path noPidOld = plant(planted, tmp, KitFiles.PREFIX + "sweep-test-" + deadPid, twoHoursAgo);
            // A living pid that started long after its entry was made only reuses the pid: the owner is dead.
            Path oursPidReused = plant(planted, tmp, KitFiles.PREFIX + self + "-" + us + "-pid-reused", twoHoursAgo);
            // Another run killed as a whole: no process of it left, past the grace but not an hour old.
            FileTime pastTheGrace = FileTime.from(Instant.now().minus(KitFiles.ORPHANED_AFTER.multipliedBy(3)));
            // (Not run `other`: otherOldAlive, below, is an entry of it with a living owner.)
            Path otherOrphaned = plant(planted, tmp, KitFiles.PREFIX + deadPid + "-4badcafe-orphaned", pastTheGrace);
            // The same, but a process of that run still runs (its command line carries the run id)...
            String runWithAProcess = "2badcafe";
            Path otherRunStillRuns =
                    plant(planted, tmp, KitFiles.PREFIX + deadPid + "-" + runWithAProcess + "-x", pastTheGrace);
            // ... or a living JVM of that run owns an entry.
            String runWithALiveEntry = "3badcafe";
            Path otherRunLiveEntry =
                    plant(planted, tmp, KitFiles.PREFIX + deadPid + "-" + runWithALiveEntry + "-x", pastTheGrace);
            Path liveEntry = plant(planted, tmp, KitFiles.PREFIX + self + "-" + runWithALiveEntry + "-live", null);
            assertThat(ProcessHandle.of(deadPid))
                    .as("the pid of a child that exited")
                    .isEmpty();

            List<Path> deleted;
            Process ofThatRun = new ProcessBuilder(
                            "sh", "-c", "read line", "-D" + KitFiles.RUN_PROPERTY + "=" + runWithAProcess)
                    .start();
            try {
                deleted = KitFiles.sweepStale();
            } finally {
                ofThatRun.getOutputStream().close();
                ofThatRun.destroyForcibly();
                assertThat(ofThatRun.waitFor(30, TimeUnit.SECONDS))
                        .as("the process of run %s ended", runWithAProcess)
                        .isTrue();
            }

            // Other runs on this machine sweep too, and may delete a stale entry first: what must go is checked
            // by its absence, and this sweep must have deleted nothing else.
            assertThat(deleted)
                    .as("what sweepStale deleted, among the entries this test planted")
                    .filteredOn(planted::contains)
                    .isSubsetOf(oursDead, otherOld, oldStyleOld, oursPidReused, otherOrphaned);
            assertThat(oursPidReused)
                    .as("this run's entry made long before the living process that has its pid, after the sweep")
                    .doesNotExist();
            assertThat(otherOrphaned)
                    .as("another run's entry of a dead JVM, past the grace, no process of that run left, after the"
                            + " sweep")
                    .doesNotExist();
            assertThat(otherRunStillRuns)
                    .as("another run's entry of a dead JVM past the grace, while a process of that run runs")
                    .exists();
            assertThat(otherRunLiveEntry)
                    .as("another run's entry of a dead JVM past the grace, while a JVM of that run owns an entry")
                    .exists();
            assertThat(liveEntry)
                    .as("another run's entry of a living JVM, after the sweep")
                    .exists();
            assertThat(oursDead)
                    .as("this run's entry whose JVM is dead (killed), after the sweep")
                    .doesNotExist();
            assertThat(otherOld)
                    .as("another run's entry of a dead JVM, untouched for 2 h, after the sweep")
                    .doesNotExist();
            assertThat(oldStyleOld)
                    .as("a katas-<dead pid>-4243 entry untouched for 2 h, after the sweep")
                    .doesNotExist();
            assertThat(oursAlive)
                    .as("this run's entry of this living JVM, after the sweep")
                    .exists();
            assertThat(oldStyleFresh)
                    .as("a fresh katas-<dead pid>-4242 (another run's, maybe in use), after the sweep")
                    .exists();
            assertThat(otherFresh)
                    .as("a fresh entry of another run whose owner is dead, after the sweep")
                    .exists();
            assertThat(otherOldButInUse)
                    .as("another run's old directory with a file modified just now, after the" + " sweep")
                    .exists();
            assertThat(otherOldAlive)
                    .as("another run's entry of a living JVM, made when it started, after the sweep")
                    .exists();
            assertThat(noPidOld)
                    .as("an old entry whose name has no pid, after the sweep")
                    .exists();
        } finally {
            planted.forEach(KitFiles::deleteRecursively);
        }
    }

    @Test
    @DisplayName("ownerPid and runId read katas-<pid>-<run>-... names, and give -1 / empty for others")
    void ownerPidAndRunId() {
        assertThat(KitFiles.ownerPid("katas-123-abc"))
                .as("ownerPid of katas-123-abc")
                .isEqualTo(123);
        assertThat(KitFiles.ownerPid("katas-123-0c3f9a21-abc"))
                .as("ownerPid of katas-123-0c3f9a21-abc")
                .isEqualTo(123);
        assertThat(KitFiles.ownerPid("katas-segment"))
                .as("ownerPid of a name without pid")
                .isEqualTo(-1);
        assertThat(KitFiles.ownerPid("other-123-abc"))
                .as("ownerPid of a foreign name")
                .isEqualTo(-1);
        assertThat(KitFiles.runId("katas-123-0c3f9a21-abc"))
                .as("runId of katas-123-0c3f9a21-abc")
                .hasValue("0c3f9a21");
        assertThat(KitFiles.runId("katas-123-4242"))
                .as("runId of a name without run id")
                .isEmpty();
        assertThat(KitFiles.runId("katas-123-0C3F9A21-abc"))
                .as("runId with upper-case digits")
                .isEmpty();
        assertThat(KitFiles.runId("katas-123-0c3f9a2-abc"))
                .as("runId with 7 digits")
                .isEmpty();
        assertThat(KitFiles.runId("katas-0c3f9a21-abc"))
                .as("runId of a name without pid")
                .isEmpty();
        assertThat(KitFiles.runId("katas-segment")).as("runId of katas-segment").isEmpty();
        assertThat(KitFiles.isOurRun("katas-123-" + KitFiles.runId() + "-x"))
                .as("isOurRun(our run id)")
                .isTrue();
        assertThat(KitFiles.isOurRun("katas-123-" + otherRunId() + "-x"))
                .as("isOurRun(another run id)")
                .isFalse();
        assertThat(KitFiles.isOurRun("katas-123-4242"))
                .as("isOurRun(no run id)")
                .isFalse();
        assertThatThrownBy(() -> KitFiles.runId(null)).as("runId(null)").isInstanceOf(NullPointerException.class);
        assertThat(KitFiles.directories())
                .as("directories kata files live in")
                .contains(Paths.get(System.getProperty("java.io.tmpdir"))
                        .toAbsolutePath()
                        .normalize());
    }

    /** A run id that is not this JVM's. */
    static String otherRunId() {
        return KitFiles.runId().equals("0badcafe") ? "1badcafe" : "0badcafe";
    }

    /** The pid of a child JVM that has exited. */
    static long deadPid() throws InterruptedException {
        try (ChildProcess shortLived = ChildJvm.main(ChildFixtures.ExitWith.class)
                .args("0")
                .shortLived()
                .start()) {
            shortLived.join(Duration.ofSeconds(30));
            return shortLived.pid();
        }
    }

    /** A directory {@code name} in {@code parent} with a file in it, both last modified {@code at} (null: now). */
    private static Path plant(List<Path> planted, Path parent, String name, FileTime at) throws IOException {
        Path directory = Files.createDirectory(parent.resolve(name));
        planted.add(directory);
        Path file = Files.writeString(directory.resolve("leftover"), "planted by KitFilesTest");
        if (at != null) {
            Files.setLastModifiedTime(file, at);
            Files.setLastModifiedTime(directory, at);
        }
        return directory;
    }
}
