package katas.loop.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import katas.kit.process.KitFiles;
import katas.loop.board.Board;
import katas.loop.board.Finish;
import katas.loop.board.Words;
import katas.loop.designs.Designs;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;
import katas.loop.progress.StepState;
import katas.loop.run.Cycle;
import katas.loop.run.Death;
import katas.loop.run.KataFiles;
import katas.loop.run.RunMarker;
import katas.loop.run.Runner;
import katas.loop.run.Selection;
import katas.testkit.explore.ExplorerJvm;

/**
 * Watch mode ({@code ./mvnw -q test -Pwatch -Dkata=01}): on every save of a learner file, recompiles the kata in this
 * warm JVM (into a fresh {@code target/watch/classes-N}, loaded by a new class loader, so the tests and their child
 * JVMs run the code just saved), reruns its steps up to the first failing one and any later one that was done (a
 * passed step that uses none of the changed files is skipped; Enter alone reruns them), and prints the board; a
 * compile error prints the compiler's message. Keys, each with Enter: {@code h} next hint, {@code d} other designs,
 * {@code q} quit. It updates the same progress file as {@code ./mvnw test}. One thread runs everything; another only
 * reads the keyboard.
 */
public final class Watch {

    private static final long QUIET_MILLIS = 60;

    private final List<Kata> katas = new ArrayList<>();
    private final Runner runner = new Runner();
    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final PrintStream out = System.out;
    private Selection selection = Selection.all();
    private int hints = 1;
    private int generation;

    /** One watched kata. */
    private static final class Kata {
        final KataFiles files;
        Path classes;

        Kata(KataFiles files) {
            this.files = files;
        }

        Path watchDir() {
            return files.kataDir().resolve("target/watch");
        }
    }

    private Watch() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(java.util.Arrays.copyOfRange(args, 1, args.length));
            System.exit(0);
        }
        System.exit(supervise(args));
    }

    /**
     * Watch mode runs the tests in a JVM of its own (the same warm JVM from save to save), started and watched from
     * here: when that JVM dies (killed, crashed, out of memory, or ended by the code under test), this says what
     * happened on the kata's board, as {@code ./mvnw test} does ({@link katas.loop.run.Death}), and starts watching
     * again. It gives up after two deaths within 20 s.
     */
    private static int supervise(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: Watch <repository root> [kata numbers, e.g. 01 or 01,02]"
                    + " [-Dtest patterns, e.g. Step01*,Step02*]");
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path loopArgs = root.resolve("src/loop/target/loop.args");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("katas."))
                .sorted()
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.add("@" + loopArgs);
        command.add(Watch.class.getName());
        command.add("--child");
        for (String arg : args) {
            command.add(arg == null ? "" : arg); // Maven's exec:java passes an empty <argument> as null
        }
        long lastDeath = 0;
        while (true) {
            Process child = new ProcessBuilder(command).inheritIO().start();
            Thread stop = new Thread(() -> {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            });
            Runtime.getRuntime().addShutdownHook(stop);
            int code = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            boolean reported = false;
            for (Path dir : kataDirectories(root.resolve("katas"))) {
                RunMarker marker = RunMarker.ofKata(dir);
                Optional<RunMarker.State> last = marker.read();
                if (last.isEmpty() || last.get().finished() || last.get().pid() != child.pid()) {
                    continue;
                }
                String sentence = Death.sentence(code, last, 0);
                KataProgress progress = Death.record(KataProgress.load(dir), last, sentence);
                progress.save(dir, Sources.allHashes(dir.resolve("src/main/java")));
                marker.delete();
                Board.KataView view = Finish.view(dir, null);
                System.out.print(Board.render(
                        List.of(view),
                        1,
                        true,
                        "./mvnw -q test -Pwatch -Dkata=" + view.progress().id(),
                        Words.current()));
                reported = true;
            }
            if (code == 0 && !reported) {
                return 0;
            }
            if (!reported) {
                System.out.println("  Watch mode's test JVM ended with exit code " + code + " between runs.");
            }
            long now = System.nanoTime();
            if (lastDeath != 0 && now - lastDeath < 20_000_000_000L) {
                System.out.println("  It died twice within 20 s: watch mode stops. Start it again when ready.");
                return 1;
            }
            lastDeath = now;
            System.out.println("  Watch mode starts again (its test JVM died; the board above says where).");
            System.out.flush();
        }
    }

    private static void child(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: Watch <repository root> [kata numbers, e.g. 01 or 01,02]"
                    + " [-Dtest patterns, e.g. Step01*,Step02*]");
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Set<String> wanted = new LinkedHashSet<>();
        if (args.length > 1 && !args[1].isBlank()) {
            for (String k : args[1].split(",")) {
                wanted.add(k.strip().length() == 1 ? "0" + k.strip() : k.strip());
            }
        }
        Watch watch = new Watch();
        watch.selection = Selection.parse(args.length > 2 ? args[2] : "");
        Set<String> missing = new LinkedHashSet<>(wanted);
        for (Path dir : kataDirectories(root.resolve("katas"))) {
            String id = KataProgress.idAndTitle(dir)[0];
            if (wanted.isEmpty() || wanted.contains(id)) { // (-Dkata=01 used to watch 01 and every kata after it)
                watch.katas.add(new Kata(KataFiles.load(dir)));
                missing.remove(id);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "-Dkata=" + args[1] + ": no kata numbered " + missing + " in " + root.resolve("katas"));
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> watch.katas.forEach(k -> KitFiles.deleteRecursively(k.watchDir())), "watch-cleanup"));
        // The explorers' child JVMs are kept warm for the next save (ExplorerJvm.warmUpForTheNextSave, below).
        System.setProperty(ExplorerJvm.WARM_PROPERTY, "true");
        watch.run();
    }

    private static List<Path> kataDirectories(Path katas) throws IOException {
        try (Stream<Path> dirs = Files.list(katas)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .sorted()
                    .toList();
        }
    }

    private void run() throws Exception {
        BlockingQueue<String> keys = new LinkedBlockingQueue<>();
        Thread keyboard = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            keys.add(line.strip().toLowerCase(Locale.ROOT));
                        }
                    } catch (IOException e) {
                        // No keyboard (CI, a pipe): watching by file changes alone still works.
                    }
                },
                "watch-keyboard");
        keyboard.setDaemon(true);
        keyboard.start();
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            Map<WatchKey, Kata> keysToKatas = new HashMap<>();
            for (Kata k : katas) {
                register(service, k, keysToKatas);
            }
            for (Kata k : katas) {
                cycle(k, System.nanoTime(), false);
            }
            footer();
            while (true) {
                String key = keys.poll();
                if (key != null) {
                    if (key.equals("q")) {
                        out.println("  Watch mode ended.");
                        return;
                    }
                    if (key.equals("h")) {
                        hints++;
                    }
                    if (key.equals("d")) { // the other correct designs of a done kata (not before)
                        for (Kata k : katas) {
                            Path kataDir = k.files.kataDir();
                            out.print(Designs.show(
                                    kataDir.getParent().getParent(),
                                    kataDir.getFileName().toString(),
                                    false,
                                    Words.current()));
                        }
                        footer();
                        continue;
                    }
                    for (Kata k : katas) {
                        if (key.equals("h")) {
                            board(k, 0);
                        } else {
                            cycle(k, System.nanoTime(), true);
                        }
                    }
                    footer();
                    continue;
                }
                WatchKey event = service.poll(100, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                long saved = System.nanoTime();
                Set<Kata> changed = new LinkedHashSet<>();
                for (WatchKey e = event; e != null; e = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) {
                    // Editors save in bursts (a temporary file, a rename): wait until it is quiet, then run once.
                    boolean javaFile = e.pollEvents().stream()
                            .anyMatch(
                                    ev -> String.valueOf(ev.context()).endsWith(".java") || ev.kind() == ENTRY_CREATE);
                    Kata k = keysToKatas.get(e);
                    if (k != null && javaFile) {
                        changed.add(k);
                    }
                    e.reset();
                }
                for (Kata k : changed) {
                    register(service, k, keysToKatas); // new sub-folders
                    hints = 1;
                    cycle(k, saved, false);
                }
                if (!changed.isEmpty()) {
                    footer();
                }
            }
        }
    }

    private void register(WatchService service, Kata k, Map<WatchKey, Kata> keys) throws IOException {
        try (Stream<Path> dirs = Files.walk(k.files.learnerSources())) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                keys.put(d.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), k);
            }
        }
    }

    private void footer() {
        out.println("  Watching "
                + String.join(
                        ", ",
                        katas.stream()
                                .map(k -> "katas/" + k.files.kataDir().getFileName() + "/src/main/java")
                                .toList())
                + ". Save a file to run again. Keys, then Enter: h next hint, d other designs (when done), nothing: every step again,"
                + " q quit.");
        out.flush();
    }

    /** Compile, run, board. {@code since} is when the save was seen, for the time the board reports. */
    private void cycle(Kata k, long since, boolean all) throws IOException {
        Path classes = k.watchDir().resolve("classes-" + (++generation));
        if (!compile(k, classes)) {
            KitFiles.deleteRecursively(classes);
            return;
        }
        Path previous = k.classes;
        k.classes = classes;
        if (previous != null) {
            KitFiles.deleteRecursively(previous);
        }
        KataFiles files = k.files.withLearnerClasses(classes);
        KataProgress old = KataProgress.load(files.kataDir());
        Map<String, String> hashes = Sources.allHashes(files.learnerSources());
        Path log = files.kataDir().resolve("target/kata-output.log");
        Map<String, StepState> before = new HashMap<>();
        Set<String> stillDone = new java.util.HashSet<>();
        for (katas.loop.progress.StepProgress s : old.steps()) {
            before.put(s.className(), s.result());
            if (s.state(hashes) == StepState.DONE) {
                stillDone.add(s.className()); // passed, and none of the files it loaded changed since
            }
        }
        // Up to the first failing step, and any later step that was done (did this change break it?); a save
        // skips the done steps whose files it did not touch (their result still holds), Enter reruns them too.
        Predicate<Runner.Unit> pick = u ->
                !u.proof() && selection.picks(u.stepClass(), u.method()) && (all || !stillDone.contains(u.stepClass()));
        Predicate<String> stop = step -> before.get(step) != StepState.DONE;
        RunMarker marker = RunMarker.ofKata(files.kataDir());
        try (PrintStream output = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            Cycle.run(runner, files, old, pick, stop, null, output, marker, (p, h) -> p.save(files.kataDir(), h));
            marker.finish();
        }
        board(k, since);
    }

    private void board(Kata k, long since) {
        Board.KataView view = Finish.view(k.files.kataDir(), null);
        out.print(Board.render(
                List.of(view),
                hints,
                true,
                "./mvnw -q test -Pwatch -Dkata=" + view.progress().id(),
                Words.current()));
        if (since > 0) {
            out.printf("  (save to board: %d ms)%n", (System.nanoTime() - since) / 1_000_000);
        }
        ExplorerJvm.warmUpForTheNextSave(); // while the learner reads the board and types
    }

    private boolean compile(Kata k, Path classes) throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.walk(k.files.learnerSources())) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        Files.createDirectories(classes);
        List<String> cp = new ArrayList<>();
        k.files.classpath().stream()
                .filter(p -> !p.equals(k.files.learnerClasses()) && !p.equals(k.files.testClasses()))
                .forEach(p -> cp.add(p.toString()));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of(
                    "-d",
                    classes.toString(),
                    "-cp",
                    String.join(File.pathSeparator, cp),
                    "-encoding",
                    "UTF-8",
                    "-proc:none",
                    "--release",
                    "17");
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(sources))
                    .call();
            if (!ok) {
                out.println();
                out.println("  COMPILE ERROR in katas/" + k.files.kataDir().getFileName()
                        + " (the board waits until it compiles):");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        String file = d.getSource() == null
                                ? ""
                                : Path.of(d.getSource().toUri()).getFileName().toString();
                        out.printf(
                                "    %s:%d: %s%n",
                                file,
                                d.getLineNumber(),
                                d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
                        d.getMessage(Locale.ROOT).lines().skip(1).limit(3).forEach(l -> out.println("      " + l));
                    }
                }
                return false;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return true;
    }
}
