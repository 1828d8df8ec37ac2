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
 * Process hygiene, enforced: a JUnit 5 extension that every process kata registers with
 * {@code @ExtendWith(ProcessHygiene.class)}.
 *
 * <p>After each test (and after each test class, for what {@code @BeforeAll} started) it
 * <ol>
 *   <li>looks for processes descended from this JVM that are still alive and were not alive before the test
 *       (before the class, for the class-level check), kills them with {@code SIGKILL} and waits up to
 *       {@value #KILL_WAIT_SECONDS} s for them to be gone, and fails the test naming each one: pid and command
 *       line ("{@value #CHILD_LEFT_RUNNING}");</li>
 *   <li>looks in the shared kata directories ({@link KitFiles#directories()}: the temp directory and
 *       {@code /dev/shm}) for names starting with {@link KitFiles#PREFIX} that were not there before, deletes
 *       them, and fails the test naming each one ("{@value #FILES_LEFT_BEHIND}"). A {@code katas-<pid>-...} name
 *       whose pid is another process that is still running belongs to someone else (another test JVM on the
 *       same machine) and is left alone; a name without a pid is taken to be the test's own.</li>
 * </ol>
 * When the test failed already, the hygiene failure is added to it (JUnit reports it as suppressed), so the
 * first cause stays first.
 *
 * <p>Only this JVM's own descendants are looked at: under Surefire the test JVM is itself a child of Maven,
 * whose other children are none of the test's business.
 *
 * <p>Concurrency: JUnit calls the callbacks on the thread that runs the test; the extension keeps its
 * snapshots in the JUnit extension store, no state of its own, so one instance may serve any number of test
 * classes. It cannot tell which test started a process or made a file, so it does not work with tests that
 * run in parallel <em>within one JVM</em> (JUnit's parallel execution): keep process katas sequential.
 * Separate JVMs (Surefire forks, several Maven builds) are fine, except that a file without a pid in its name
 * that another JVM makes during a test is taken to be the test's.
 */
public final class ProcessHygiene implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The start of the failure message when a child process was left running. */
    public static final String CHILD_LEFT_RUNNING =
            "a child process was still running after the test: join or close every child you start";

    /** The start of the failure message when files were left behind. */
    public static final String FILES_LEFT_BEHIND =
            "the test left files behind: delete every file, socket and segment you create";

    /** How long the check waits for the processes it killed to be gone. */
    public static final int KILL_WAIT_SECONDS = 5;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProcessHygiene.class);
    private static final String EACH = "before each test";
    private static final String ALL = "before all tests";
    private static final int MAX_ARGUMENT_CHARS = 100;

    /** Created by JUnit through {@code @ExtendWith(ProcessHygiene.class)}. */
    public ProcessHygiene() {
    }

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
            throw new AssertionError(String.join("\n", problems));
        }
    }

    private static String killLeftoverProcesses(Snapshot before, String what) {
        List<ProcessHandle> leftovers = ProcessHandle.current().descendants()
                .filter(p -> !before.processes.contains(p))
                .filter(ProcessHandle::isAlive)
                .collect(Collectors.toList());
        if (leftovers.isEmpty()) {
            return null;
        }
        Map<ProcessHandle, String> descriptions = new LinkedHashMap<>();
        leftovers.forEach(p -> descriptions.put(p, describe(p)));
        leftovers.forEach(ProcessHandle::destroyForcibly);
        List<CompletableFuture<ProcessHandle>> exits = leftovers.stream()
                .map(ProcessHandle::onExit).collect(Collectors.toList());
        try {
            CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0])).get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Reported below, per process.
        }
        StringBuilder message = new StringBuilder(CHILD_LEFT_RUNNING.replace("the test", "the " + what))
                .append(" (try-with-resources on ChildProcess does it even when the test fails).")
                .append(" The hygiene check killed ").append(leftovers.size() == 1 ? "it:" : "them:");
        for (Map.Entry<ProcessHandle, String> leftover : descriptions.entrySet()) {
            message.append("\n  ").append(leftover.getValue());
            if (leftover.getKey().isAlive()) {
                message.append("   [STILL ALIVE after ").append(KILL_WAIT_SECONDS).append(" s: kill it by hand]");
            }
        }
        return message.toString();
    }

    private static String deleteLeftoverFiles(Snapshot before, String what) {
        List<String> lines = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (Path directory : KitFiles.directories()) {
            Set<String> earlier = before.files.getOrDefault(directory, Set.of());
            for (String name : kitFileNames(directory)) {
                long owner = KitFiles.ownerPid(name);
                boolean someoneElses = owner >= 0 && owner != self && ProcessHandle.of(owner).isPresent();
                if (earlier.contains(name) || someoneElses) {
                    continue;
                }
                Path leftover = directory.resolve(name);
                try {
                    KitFiles.deleteRecursively(leftover);
                    lines.add("  " + leftover);
                } catch (UncheckedIOException e) {
                    lines.add("  " + leftover + "   [could not delete it: " + e.getMessage() + "]");
                }
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        return FILES_LEFT_BEHIND.replace("the test", "the " + what) + " (in a finally block or with"
                + " try-with-resources). The hygiene check deleted:\n" + String.join("\n", lines);
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
                text.append(' ').append(argument.length() <= MAX_ARGUMENT_CHARS ? argument
                        : argument.substring(0, MAX_ARGUMENT_CHARS / 2) + "...(" + argument.length() + " chars)");
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
            Set<ProcessHandle> processes = ProcessHandle.current().descendants().collect(Collectors.toUnmodifiableSet());
            Map<Path, Set<String>> files = new LinkedHashMap<>();
            for (Path directory : KitFiles.directories()) {
                files.put(directory, Set.copyOf(kitFileNames(directory)));
            }
            return new Snapshot(processes, Map.copyOf(files));
        }
    }
}
