package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import katas.kit.shm.Segment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, defect 3: a test JVM killed with {@code kill -9} while it owns a segment and before it started any
 * child left the segment behind, and later runs kept it for an hour (another run's fresh file). Its run has no
 * process left: a later sweep deletes it once {@link KitFiles#ORPHANED_AFTER} has passed.
 */
@DisplayName("KitFiles: what a run killed as a whole left (kill -9 before its first child) is swept after the grace")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KitFilesDeadRunTest {

    private static final Pattern MADE = Pattern.compile("run=(\\S+) segment=(\\S+) directory=(\\S+)");

    @Test
    @DisplayName("kill -9 of a run's only JVM while it owns a segment and a directory: the next sweep after the"
            + " grace deletes both")
    void killedRunIsSweptAfterItsGrace() throws Exception {
        Path segment = null;
        Path directory = null;
        // A JVM of a run of its own (no run id given), as a test JVM is: not started through ChildJvm.
        Process owner = new ProcessBuilder(
                        ChildJvm.javaBinary(),
                        "-XX:-UsePerfData",
                        "-cp",
                        ChildJvm.classPath(KitFilesDeadRunTest.class.getClassLoader()),
                        OwnsASegmentAndADirectory.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                        try {
                            return out.readLine();
                        } catch (IOException e) {
                            return "unreadable: " + e;
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            Matcher made = MADE.matcher(String.valueOf(line));
            assertThat(made.matches())
                    .as("what the owner JVM printed: %s", line)
                    .isTrue();
            segment = Paths.get(made.group(2));
            directory = Paths.get(made.group(3));
            assertThat(made.group(1))
                    .as("the owner's run id (a run of its own)")
                    .isNotEqualTo(KitFiles.runId());

            owner.destroyForcibly(); // kill -9, before it started any child
            assertThat(owner.waitFor(30, TimeUnit.SECONDS))
                    .as("the owner JVM ended after kill -9")
                    .isTrue();
            assertThat(segment).as("its segment, right after the kill").exists();
            assertThat(directory)
                    .as("its private directory, right after the kill")
                    .exists();

            Duration age = age(segment, directory);
            List<Path> early = KitFiles.sweepStale();
            if (age.compareTo(KitFiles.ORPHANED_AFTER.minusSeconds(2)) < 0) {
                assertThat(early)
                        .as(
                                "a sweep %s ms after they were made, within the grace of %s",
                                age.toMillis(), KitFiles.ORPHANED_AFTER)
                        .doesNotContain(segment, directory);
            }

            Path s = segment;
            Path d = directory;
            await("the killed run's files to be older than the grace")
                    .atMost(KitFiles.ORPHANED_AFTER.plusSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> age(s, d).compareTo(KitFiles.ORPHANED_AFTER) > 0);
            List<Path> swept = KitFiles.sweepStale();

            // (Another run on this machine may have swept them first: what counts is that they are gone.)
            System.out.printf(
                    "[dead run] the first sweep after the grace (%s) deleted %s of the killed run's 2 files%n",
                    KitFiles.ORPHANED_AFTER,
                    swept.stream().filter(p -> p.equals(s) || p.equals(d)).count());
            assertThat(segment).as("the killed run's segment after that sweep").doesNotExist();
            assertThat(directory)
                    .as("the killed run's directory after that sweep")
                    .doesNotExist();
        } finally {
            owner.destroyForcibly();
            owner.waitFor(30, TimeUnit.SECONDS);
            if (segment != null) {
                Files.deleteIfExists(segment);
            }
            if (directory != null) {
                KitFiles.deleteRecursively(directory);
            }
        }
    }

    /**
     * How long ago the later of the two was last modified; "long ago" once either is gone (another run on this
     * machine may sweep them first, which is just as right).
     */
    private static Duration age(Path a, Path b) throws IOException {
        Instant newest;
        Instant other;
        try {
            newest = Files.getLastModifiedTime(a, LinkOption.NOFOLLOW_LINKS).toInstant();
            other = Files.getLastModifiedTime(b, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (NoSuchFileException sweptByAnotherRun) {
            return ChronoUnit.FOREVER.getDuration();
        }
        if (other.isAfter(newest)) {
            newest = other;
        }
        return Duration.between(newest, Instant.now());
    }

    /** A run's only JVM: makes a segment and a private directory, says where, and waits to be killed. */
    public static final class OwnsASegmentAndADirectory {
        public static void main(String[] args) throws Exception {
            Segment segment = Segment.create("dead-run", 64);
            Path directory = KitFiles.createPrivateDirectory();
            System.out.println("run=" + KitFiles.runId() + " segment=" + segment.path() + " directory=" + directory);
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
