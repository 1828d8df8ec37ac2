package katas.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import katas.kit.process.KitFiles;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Process hygiene, enforced: a JUnit 5 extension every process kata registers with
 * {@code @ExtendWith(ProcessHygiene.class)}. After each test (and each test class, for what {@code @BeforeAll}
 * started) it kills the descendants of this JVM that the test left running and the kata files of this run it left
 * behind, and fails the test naming each ({@link #CHILD_LEFT_RUNNING}, {@link #FILES_LEFT_BEHIND}); a failure the test
 * had already stays first (the hygiene failure is suppressed into it). Other runs' files are never touched. No state
 * of its own: one instance may serve many classes; tests within one run must be sequential.
 */
public final class ProcessHygiene
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /**
     * The start of the failure message when a child process was left running: a process descended from this JVM
     * (only its own descendants: under Surefire, Maven's other children are none of the test's business), alive
     * after the test and not before it (before the class, for the class-level check). It is killed with
     * {@code SIGKILL}, awaited up to {@value #KILL_WAIT_SECONDS} s, and named: pid and command line.
     */
    public static final String CHILD_LEFT_RUNNING =
            "a child process was still running after the test: join or close every child you start";

    /**
     * The start of the failure message when files were left behind: kata files of <em>this run</em> in the shared
     * directories ({@link KitFiles#directories()}) that were not there before the test, named
     * {@code katas-<pid>-<run>-...} with this JVM's run id ({@link KitFiles#isOurRun}; this JVM's children and theirs
     * give their files the same, and a killed child's files keep it). They are deleted and named. Left alone: other
     * runs' entries (another test JVM, build or clone), even with a dead pid; names that are not
     * {@code katas-<pid>-<run>-...}; the files of a process of this run that was already running before the test and
     * still runs (a server from {@code @BeforeAll}). The check cannot tell which test made a file or started a process,
     * so it does not work with JUnit's parallel execution within one JVM; separate runs are fine.
     */
    public static final String FILES_LEFT_BEHIND =
            "the test left files behind: delete every file, socket and segment you create";

    /** How long the check waits for the processes it killed to be gone. */
    public static final int KILL_WAIT_SECONDS = 5;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProcessHygiene.class);
    private static final String EACH = "before each test";
    private static final String ALL = "before all tests";
    private static final int MAX_ARGUMENT_CHARS = 100;

    /** Child JVMs and kata files that outlive tests on purpose (watch mode's warm explorers): never leftovers. */
    private static final Set<Long> KEPT_PROCESSES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final Set<Path> KEPT_FILES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Says that {@code pid} and {@code file} outlive the test that started them on purpose, until {@link #release}. */
    public static void keep(long pid, Path file) {
        KEPT_PROCESSES.add(pid);
        KEPT_FILES.add(file.toAbsolutePath().normalize());
    }

    /** Ends a {@link #keep}: from now on they are leftovers again. */
    public static void release(long pid, Path file) {
        KEPT_PROCESSES.remove(pid);
        KEPT_FILES.remove(file.toAbsolutePath().normalize());
    }

    /** Created by JUnit through {@code @ExtendWith(ProcessHygiene.class)}. */
    public ProcessHygiene() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(ALL, Snapshot.take());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(EACH, Snapshot.take());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Snapshot before = context.getStore(NAMESPACE).remove(EACH, Snapshot.class);
        check(before, "test");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Snapshot before = context.getStore(NAMESPACE).remove(ALL, Snapshot.class);
        check(before, "test class (@BeforeAll/@AfterAll)");
    }

    private static void check(Snapshot before, String what) {
        if (before == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        String processes = killLeftoverProcesses(before, what);
        if (processes != null) {
            problems.add(processes);
        }
        String files = deleteLeftoverFiles(before, what);
        if (files != null) {
            problems.add(files);
        }
        if (!problems.isEmpty()) {
            throw new LeftBehindError(String.join("\n", problems));
        }
    }

    private static String killLeftoverProcesses(Snapshot before, String what) {
        List<ProcessHandle> leftovers = ProcessHandle.current()
                .descendants()
                .filter(p -> !before.processes.contains(p))
                .filter(p -> !KEPT_PROCESSES.contains(p.pid()))
                .filter(ProcessHandle::isAlive)
                .collect(Collectors.toList());
        if (leftovers.isEmpty()) {
            return null;
        }
        Map<ProcessHandle, String> descriptions = new LinkedHashMap<>();
        leftovers.forEach(p -> descriptions.put(p, describe(p)));
        leftovers.forEach(ProcessHandle::destroyForcibly);
        List<CompletableFuture<ProcessHandle>> exits =
                leftovers.stream().map(ProcessHandle::onExit).collect(Collectors.toList());
        try {
            CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0]))
                    .get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Reported below, per process.
        }
        StringBuilder message = new StringBuilder(CHILD_LEFT_RUNNING.replace("the test", "the " + what))
                .append(" (try-with-resources on ChildProcess does it even when the test fails).")
                .append(" The hygiene check killed ")
                .append(leftovers.size() == 1 ? "it:" : "them:");
        for (Map.Entry<ProcessHandle, String> leftover : descriptions.entrySet()) {
            message.append("\n  ").append(leftover.getValue());
            if (leftover.getKey().isAlive()) {
                message.append("   [STILL ALIVE after ")
                        .append(KILL_WAIT_SECONDS)
                        .append(" s: kill it by hand]");
            }
        }
        return message.toString();
    }

    private static String deleteLeftoverFiles(Snapshot before, String what) {
        List<String> lines = new ArrayList<>();
        for (Path directory : KitFiles.directories()) {
            Set<String> earlier = before.files.getOrDefault(directory, Set.of());
            for (String name : kitFileNames(directory)) {
                if (earlier.contains(name)
                        || !KitFiles.isOurRun(name)
                        || KEPT_FILES.contains(
                                directory.resolve(name).toAbsolutePath().normalize())) {
                    continue; // there before the test, or not this run's: not the test's to judge
                }
                String maker = maker(KitFiles.ownerPid(name), before);
                if (maker == null) {
                    continue;
                }
                Path leftover = directory.resolve(name);
                try {
                    KitFiles.deleteRecursively(leftover);
                    lines.add("  " + leftover + "   (made by " + maker + ")");
                } catch (UncheckedIOException e) {
                    lines.add("  " + leftover + "   (made by " + maker + ") [could not delete it: " + e.getMessage()
                            + "]");
                }
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        return FILES_LEFT_BEHIND.replace("the test", "the " + what) + " (in a finally block or with"
                + " try-with-resources). The hygiene check deleted:\n" + String.join("\n", lines);
    }

    /**
     * Who made a new file of this run, for the message; null if it is not the test's: its maker is a process
     * that was already running before the test and still runs (the check has killed the new descendants by now).
     */
    private static String maker(long owner, Snapshot before) {
        if (owner == ProcessHandle.current().pid()) {
            return "this JVM";
        }
        Optional<ProcessHandle> alive = ProcessHandle.of(owner);
        if (alive.isEmpty()) {
            return "pid " + owner + ", a JVM of this run that has ended";
        }
        if (before.processes.contains(alive.get())) {
            return null;
        }
        return "pid " + owner + ", a JVM of this run";
    }

    private static Set<String> kitFileNames(Path directory) {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, KitFiles.PREFIX + "*")) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException | UncheckedIOException unreadable) {
            // Nothing we can check there.
        }
        return names;
    }

    /** {@code pid N: command args...}, long arguments (the class path) shortened. */
    static String describe(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        String line;
        if (command.isPresent() && arguments.isPresent()) {
            StringBuilder text = new StringBuilder(command.get());
            for (String argument : arguments.get()) {
                text.append(' ')
                        .append(
                                argument.length() <= MAX_ARGUMENT_CHARS
                                        ? argument
                                        : argument.substring(0, MAX_ARGUMENT_CHARS / 2) + "...(" + argument.length()
                                                + " chars)");
            }
            line = text.toString();
        } else {
            line = info.commandLine().or(info::command).orElse("(command line not available)");
        }
        return "pid " + process.pid() + ": " + line;
    }

    /** What was there before: live descendants and kata file names per directory. Immutable. */
    private static final class Snapshot {
        final Set<ProcessHandle> processes;
        final Map<Path, Set<String>> files;

        private Snapshot(Set<ProcessHandle> processes, Map<Path, Set<String>> files) {
            this.processes = processes;
            this.files = files;
        }

        static Snapshot take() {
            Set<ProcessHandle> processes =
                    ProcessHandle.current().descendants().collect(Collectors.toUnmodifiableSet());
            Map<Path, Set<String>> files = new LinkedHashMap<>();
            for (Path directory : KitFiles.directories()) {
                files.put(directory, Set.copyOf(kitFileNames(directory)));
            }
            return new Snapshot(processes, Map.copyOf(files));
        }
    }
}
