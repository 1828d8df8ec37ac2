package katas.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, defect 1: someone plants a stale-looking kata tree in the shared temp directory and, while the sweep
 * walks it, swaps a directory in it for a symbolic link to a victim's directory. The victim's files must all
 * survive.
 */
@DisplayName("KitFiles: a link planted while the sweep runs is never followed, another user's tree never touched")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KitFilesLinkRaceTest {

    private static final int VICTIM_FILES = 200;

    /** How long each race goes on (at least). */
    private static final Duration RACE = Duration.ofSeconds(4);

    /** How many swaps the same-user race waits for, within {@link #RACE_BOUND}. */
    private static final long MIN_SWAPS = 200;

    private static final Duration RACE_BOUND = Duration.ofSeconds(30);

    /** The victim's files that the planted directories also hold: a delete by path through a link hits these. */
    private static final String[] PLANTED_NAMES = names(20);

    private Path victim;
    private final List<Path> trees = new ArrayList<>();

    @BeforeEach
    void makeTheVictim() throws IOException {
        victim = KitFiles.createPrivateDirectory();
        for (String name : names(VICTIM_FILES)) {
            Files.writeString(victim.resolve(name), "the victim's");
        }
    }

    @AfterEach
    void cleanUp() {
        SafeDelete.beforeDescent = null;
        SafeDelete.afterListing = null;
        for (Path tree : trees) {
            try {
                KitFiles.deleteRecursively(tree);
            } catch (java.io.UncheckedIOException notAllOurs) {
                // What another user planted was removed by the test itself; report nothing more here.
            }
        }
        KitFiles.deleteRecursively(victim);
    }

    @Test
    @DisplayName("a directory swapped for a link just before the sweep goes into it: the link is deleted, not followed")
    void swappedBeforeDescent() throws Exception {
        Path tree = staleTree("swap-before-descent");
        AtomicBoolean swapped = new AtomicBoolean();
        SafeDelete.beforeDescent = swapOnce(tree.resolve("d0"), swapped);

        List<Path> deleted = KitFiles.sweepStale();

        assertThat(swapped)
                .as("the test swapped d0 for a link while the sweep ran")
                .isTrue();
        assertThat(victimFiles())
                .as("the victim's files after a sweep of a tree whose d0 became a link to them (swept: %s)", deleted)
                .isEqualTo(VICTIM_FILES);
        assertThat(tree.resolve("d0"))
                .as("the planted link, after the sweep (deleted itself)")
                .doesNotExist();
    }

    @Test
    @DisplayName("a directory swapped for a link after the sweep listed it: what it deletes is still the listed one's")
    void swappedAfterListing() throws Exception {
        Path tree = staleTree("swap-after-listing");
        AtomicBoolean swapped = new AtomicBoolean();
        SafeDelete.afterListing = swapOnce(tree.resolve("d0"), swapped);

        List<Path> deleted = KitFiles.sweepStale();

        assertThat(swapped)
                .as("the test swapped d0 for a link while the sweep ran")
                .isTrue();
        assertThat(victimFiles())
                .as(
                        "the victim's files after a sweep of a tree whose d0 became a link to them, after d0 was listed"
                                + " (swept: %s)",
                        deleted)
                .isEqualTo(VICTIM_FILES);
        assertThat(tree.resolve("d0.real").resolve(PLANTED_NAMES[0]))
                .as("a planted file in the real d0 (moved to d0.real): deleted through the open directory")
                .doesNotExist();
    }

    @Test
    @DisplayName("deleteRecursively, too: a directory swapped for a link just before it goes in is not followed")
    void deleteRecursivelySwapped() throws Exception {
        Path tree = staleTree("delete-recursively");
        AtomicBoolean swapped = new AtomicBoolean();
        SafeDelete.beforeDescent = swapOnce(tree.resolve("d0"), swapped);
        SafeDelete.afterListing = swapOnce(tree.resolve("d1"), new AtomicBoolean());
        try {
            KitFiles.deleteRecursively(tree);
        } catch (java.io.UncheckedIOException leftSome) {
            // It may leave what changed under it; what matters is where it deleted.
        }
        assertThat(swapped)
                .as("the test swapped d0 for a link while deleteRecursively ran")
                .isTrue();
        assertThat(victimFiles())
                .as("the victim's files after deleteRecursively of a tree whose d0 and d1 became links to them")
                .isEqualTo(VICTIM_FILES);
    }

    @Test
    @DisplayName("a real race, same user: a thread swaps directories for links while sweeps run; no victim file lost")
    void raceWithAThread() throws Exception {
        Path tree = staleTree("race-thread");
        AtomicLong descents = new AtomicLong();
        SafeDelete.beforeDescent = path -> {
            if (path.startsWith(tree)) {
                descents.incrementAndGet();
            }
        };
        AtomicBoolean victimHit = new AtomicBoolean();
        // At least RACE, and on until MIN_SWAPS swaps (a loaded machine's sweeps can starve the planter), within
        // RACE_BOUND.
        Instant raceEnds = Instant.now().plus(RACE);
        CompletableFuture<long[]> planter = CompletableFuture.supplyAsync(() -> LinkPlanter.run(
                tree,
                victim,
                8,
                PLANTED_NAMES,
                RACE_BOUND,
                swaps -> victimHit.get() || (swaps >= MIN_SWAPS && Instant.now().isAfter(raceEnds))));
        long sweeps = 0;
        long treesSwept = 0;
        int survivors = VICTIM_FILES;
        while (!planter.isDone()) {
            sweeps++;
            if (KitFiles.sweepStale().contains(tree)) {
                treesSwept++;
            }
            survivors = victimFiles();
            if (survivors < VICTIM_FILES) {
                victimHit.set(true); // lost already: stop the race early
            }
        }
        long[] counts = planter.get(30, TimeUnit.SECONDS);
        survivors = victimFiles();
        System.out.printf(
                "[link race, same user] %d sweeps (%d went into the tree, %d deleted it whole), planter %d rounds,"
                        + " %d swaps; victim files %d of %d%n",
                sweeps, descents.get(), treesSwept, counts[0], counts[1], survivors, VICTIM_FILES);
        assertThat(descents.get())
                .as("times the sweeps went into the planted tree (the race needs them)")
                .isPositive();
        assertThat(survivors)
                .as(
                        "the victim's files after %d sweeps raced %d swaps of a directory for a link to them",
                        sweeps, counts[1])
                .isEqualTo(VICTIM_FILES);
    }

    @Test
    @DisplayName("a real race, another user plants: the sweep (as root) leaves that user's tree alone, no victim file"
            + " lost")
    void raceWithAnotherUser() throws Exception {
        Optional<String> cannot = whyNoOtherUser();
        Assumptions.assumeTrue(
                cannot.isEmpty(),
                () -> "skipped: " + cannot.orElse("") + "; the same-user races"
                        + " (raceWithAThread, swapped*) still run");
        String user =
                "kataslr" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        Path classes = null;
        Process planter = null;
        Path tree = staleTree(null);
        boolean created = false;
        try {
            try {
                run("useradd", "-M", user);
                created = true;
            } catch (AssertionError e) {
                Assumptions.assumeTrue(false, "skipped: useradd failed: " + e.getMessage());
            }
            String uid = run("id", "-u", user).trim();
            String gid = run("id", "-g", user).trim();
            classes = plantersClassFiles();
            planter = new ProcessBuilder(
                            "setpriv",
                            "--reuid=" + uid,
                            "--regid=" + gid,
                            "--clear-groups",
                            Paths.get(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-XX:-UsePerfData",
                            "-cp",
                            classes.toString(),
                            LinkPlanter.class.getName(),
                            tree.toString(),
                            victim.toString(),
                            "8",
                            String.join(",", PLANTED_NAMES),
                            Long.toString(RACE.toMillis()))
                    .redirectErrorStream(true)
                    .start();
            Process started = planter;
            await("the other user's planter to plant its tree")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(tree, LinkOption.NOFOLLOW_LINKS) || !started.isAlive());
            long sweeps = 0;
            long treesSwept = 0;
            while (planter.isAlive()) {
                sweeps++;
                if (KitFiles.sweepStale().contains(tree)) {
                    treesSwept++;
                }
            }
            assertThat(planter.waitFor(30, TimeUnit.SECONDS))
                    .as("the planter ended")
                    .isTrue();
            String output = new String(planter.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int survivors = victimFiles();
            System.out.printf(
                    "[link race, planted by user %s (uid %s), swept by %s] %d sweeps (%d deleted the tree), planter"
                            + " %s; victim files %d of %d%n",
                    user,
                    uid,
                    Files.getOwner(Paths.get("/proc/self")).getName(),
                    sweeps,
                    treesSwept,
                    output,
                    survivors,
                    VICTIM_FILES);
            assertThat(output)
                    .as("the planter's report (exit %d)", planter.exitValue())
                    .startsWith("rounds=");
            assertThat(survivors)
                    .as(
                            "the victim's files after %d sweeps raced another user's swaps of a directory for a link to"
                                    + " them",
                            sweeps)
                    .isEqualTo(VICTIM_FILES);
            assertThat(treesSwept)
                    .as("sweeps that deleted the other user's tree")
                    .isZero();
            assertThat(Files.getOwner(tree, LinkOption.NOFOLLOW_LINKS).getName())
                    .as("owner of the planted tree, still there after the sweeps (another user's: left alone)")
                    .isEqualTo(user);
        } finally {
            if (planter != null) {
                planter.destroyForcibly();
                planter.waitFor(30, TimeUnit.SECONDS);
            }
            if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
                run("rm", "-rf", "--", tree.toString()); // the planter is gone: nothing swaps any more
            }
            if (classes != null) {
                KitFiles.deleteRecursively(classes);
            }
            if (created) {
                run("userdel", user);
            }
        }
    }

    /**
     * A tree {@code katas-<dead pid>-<this run>-<label>} in the temp directory (a dead JVM of this run's: the sweep
     * deletes it at once), with directories d0 and d1 holding files named like the victim's. Null label: only the
     * path, for a planter to make.
     */
    private Path staleTree(String label) throws Exception {
        Path tree = Paths.get(System.getProperty("java.io.tmpdir"))
                .resolve(KitFiles.PREFIX + KitFilesTest.deadPid() + "-" + KitFiles.runId() + "-"
                        + (label == null ? "planted-by-another-user" : label));
        trees.add(tree);
        if (label != null) {
            for (String d : new String[] {"d0", "d1"}) {
                Files.createDirectories(tree.resolve(d));
                for (String name : PLANTED_NAMES) {
                    Files.writeString(tree.resolve(d).resolve(name), "planted");
                }
            }
        }
        return tree;
    }

    /** Swaps {@code directory} for a link to the victim the first time it is called with that path. */
    private Consumer<Path> swapOnce(Path directory, AtomicBoolean swapped) {
        return path -> {
            if (path.equals(directory) && swapped.compareAndSet(false, true)) {
                try {
                    Files.move(directory, directory.resolveSibling(directory.getFileName() + ".real"));
                    Files.createSymbolicLink(directory, victim);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private int victimFiles() throws IOException {
        try (Stream<Path> files = Files.list(victim)) {
            return (int) files.count();
        }
    }

    private static String[] names(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = String.format("v%03d", i);
        }
        return names;
    }

    /** Why this machine cannot run the planter as another user, or empty if it can. */
    private static Optional<String> whyNoOtherUser() throws IOException {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return Optional.of("not Linux");
        }
        if (!Files.getOwner(Paths.get("/proc/self")).getName().equals("root")) {
            return Optional.of("not running as root (only root can make a throwaway user)");
        }
        for (String tool : new String[] {"useradd", "userdel", "setpriv", "id", "rm"}) {
            if (which(tool).isEmpty()) {
                return Optional.of("no " + tool + " on the PATH or in /usr/sbin, /sbin");
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> which(String tool) {
        List<String> directories =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return directories.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Paths.get(d, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Runs a tool (found by {@link #which}) to its end, within 30 s; returns its output; fails if it fails. */
    private static String run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        line.set(0, which(command[0]).map(Path::toString).orElse(command[0]));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = process.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", line) + " did not end within 30 s");
        }
        String text = output.join();
        assertThat(process.exitValue())
                .as("exit code of %s (output: %s)", line, text)
                .isZero();
        return text;
    }

    /** A directory that any user can read, with a copy of LinkPlanter's class files in their package folders. */
    private static Path plantersClassFiles() throws IOException, URISyntaxException {
        Path directory = KitFiles.createPrivateDirectory();
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = Paths.get(
                        LinkPlanter.class.getResource("LinkPlanter.class").toURI())
                .getParent();
        Path target = directory;
        for (String part : LinkPlanter.class.getPackageName().split("\\.")) {
            target = Files.createDirectory(target.resolve(part));
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (DirectoryStream<Path> classFiles = Files.newDirectoryStream(source, "LinkPlanter*.class")) {
            for (Path classFile : classFiles) {
                Path copy = Files.copy(
                        classFile, target.resolve(classFile.getFileName().toString()));
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        return directory;
    }
}
