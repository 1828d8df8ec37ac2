package katas.testkit.explore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.ChildProcessTimeoutException;
import katas.kit.process.KitFiles;
import katas.testkit.process.ProcessHygiene;

/**
 * Runs an exploration ({@link Explorer}) in a child JVM of its own, the way every kata's explorer does: a private
 * java.io.tmpdir (the model checker's agent writes a jar there), a time budget past which the check falls back to its
 * rounds. In watch mode ({@value #WARM_PROPERTY}) the child is warm: started when the board is shown
 * ({@link #warmUpForTheNextSave}), its canary already explored, it is handed a copy of the learner's classes at the
 * next save and answers at once ({@link Explorer#serve}). Elsewhere, or when no warm child is ready, or one cannot
 * answer, a new child explores.
 */
public final class ExplorerJvm {

    /** Set to {@code true} by watch mode: keep warm explorer JVMs from save to save. */
    public static final String WARM_PROPERTY = "katas.explorer.warm";

    /** The warm child's directory of learner classes, first on its class path. */
    static final String CLASSES_PROPERTY = "katas.explorer.classes";

    /** The argument that makes a kata's explorer main {@link Explorer#serve} instead of exploring one subject. */
    public static final String SERVE = "--serve";

    /** By the main's name: watch mode loads the kata's test classes anew on every save, this class once. */
    private static final Map<String, Warm> WARM = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> WARM.values().forEach(Warm::close), "katas-explorer-warm-cleanup"));
    }

    /**
     * One exploration.
     *
     * @param main         the kata's explorer main: {@code main(subject)} explores one subject, {@code main(--serve)}
     *                     serves requests
     * @param subject      what to explore, as the main takes it
     * @param learnerClass the learner's class the subject runs (to copy, and to check the warm child loaded it)
     * @param budget       how long the child may take
     * @param slow         what the verdict says when the budget ran out (a {@code %d} for the seconds)
     */
    public record Job(Class<?> main, String subject, String learnerClass, Duration budget, String slow) {}

    private ExplorerJvm() {}

    /** Explores, warm in watch mode, else in a new child JVM. */
    public static Explorer.Verdict explore(Job job) throws InterruptedException {
        long start = System.nanoTime();
        if (Boolean.getBoolean(WARM_PROPERTY)) {
            Explorer.Verdict v = WARM.computeIfAbsent(job.main().getName(), name -> new Warm())
                    .explore(job);
            if (v != null) {
                said(job, "a warm JVM", start);
                return v;
            }
        }
        Explorer.Verdict v = cold(job);
        said(job, "a new JVM", start);
        return v;
    }

    /** Where the last exploration ran, for tests: "a warm JVM" or "a new JVM". */
    static volatile String lastWhere = "";

    private static void said(Job job, String where, long start) {
        lastWhere = where;
        System.out.printf(
                java.util.Locale.ROOT,
                "  %s: explored in %s, answered in %.2f s%n",
                job.subject(),
                where,
                (System.nanoTime() - start) / 1e9);
    }

    /** Ends every warm child (tests; watch mode's end does it through a shutdown hook). */
    static void closeAll() {
        WARM.values().forEach(Warm::close);
        WARM.clear();
    }

    /** In a new child JVM, started for this exploration alone. */
    static Explorer.Verdict cold(Job job) throws InterruptedException {
        Path tmp = KitFiles.createPrivateDirectory();
        try (ChildProcess child = ChildJvm.main(job.main())
                .name(job.subject() + "-explored")
                .jvmArgs("-XX:+DisplayVMOutputToStderr", "-Djava.io.tmpdir=" + tmp)
                .args(job.subject())
                .start()) {
            try {
                child.awaitSuccess(job.budget());
            } catch (ChildProcessTimeoutException slow) {
                return new Explorer.Verdict.Blind(
                        String.format(job.slow(), job.budget().toSeconds()));
            }
            return Explorer.Verdict.parse(child.stdoutText());
        } finally {
            KitFiles.deleteRecursively(tmp);
        }
    }

    /**
     * Starts a warm child for each explorer main that explored in this save, for the next save: watch mode calls it
     * when the board is shown, so that the child warms up while the learner reads and types, not while a save's
     * checks run.
     */
    public static void warmUpForTheNextSave() {
        WARM.values().forEach(Warm::startNext);
    }

    /** The warm children of one explorer main: the one answering this save's requests, and one for the next save. */
    private static final class Warm {
        private Spare current;
        private Spare next;
        private Class<?> wanted;

        /**
         * The verdict, or null when no warm child could give one (the caller explores in a new child). The first
         * exploration in watch mode, and the first after a save that found no warm child ready, run in a new child:
         * a warm child costs its warm-up first.
         */
        synchronized Explorer.Verdict explore(Job job) throws InterruptedException {
            wanted = job.main();
            Path learner = directoryOf(job.learnerClass(), job.main().getClassLoader());
            if (learner == null) {
                return null;
            }
            if (current != null && !current.canServe(learner, job.subject())) {
                current.close();
                current = null;
            }
            if (current == null) {
                if (next == null || !next.child.isAlive()) {
                    if (next != null) {
                        next.close();
                        next = null;
                    }
                    return null;
                }
                current = next;
                next = null;
            }
            if (current.learner == null) {
                current.copy(learner);
            }
            Explorer.Verdict v = current.ask(job);
            if (v == null) {
                current.close();
                current = null;
            }
            return v;
        }

        synchronized void startNext() {
            if (wanted != null && next == null) {
                next = Spare.start(wanted);
            }
            wanted = null;
        }

        synchronized void close() {
            for (Spare s : new Spare[] {current, next}) {
                if (s != null) {
                    s.close();
                }
            }
            current = null;
            next = null;
            wanted = null;
        }
    }

    /** The directory {@code className} was loaded from by {@code loader}, or null (a jar, or not found). */
    private static Path directoryOf(String className, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(className, false, loader);
            Path where = Path.of(
                    c.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(where) ? where : null;
        } catch (ClassNotFoundException | URISyntaxException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** A warm child, the private directory it got and its standard output, line by line. */
    private static final class Spare {
        private static final String GONE = "\0gone";

        /** How long a warm child may take to exit by itself once its input has ended. */
        static final Duration EXIT_WAIT = Duration.ofSeconds(3);

        final ChildProcess child;
        final Path tmp;
        final Path classes;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Set<String> served = new HashSet<>();
        Path learner;

        private Spare(ChildProcess child, Path tmp, Path classes) {
            this.child = child;
            this.tmp = tmp;
            this.classes = classes;
            Thread reader = new Thread(this::readLines, "katas-explorer-warm-" + child.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Spare start(Class<?> main) {
            Path tmp = KitFiles.createPrivateDirectory();
            Path classes = tmp.resolve("classes");
            try {
                Files.createDirectory(classes);
                ChildProcess child = ChildJvm.main(main)
                        .name(main.getSimpleName() + "-warm")
                        .classPathFirst(classes)
                        .jvmArgs(
                                "-XX:+DisplayVMOutputToStderr",
                                "-Djava.io.tmpdir=" + tmp,
                                "-D" + CLASSES_PROPERTY + "=" + classes)
                        .args(SERVE)
                        .pipeStdio()
                        .start();
                ProcessHygiene.keep(child.pid(), tmp);
                return new Spare(child, tmp, classes);
            } catch (IOException e) {
                KitFiles.deleteRecursively(tmp);
                throw new UncheckedIOException("could not start a warm explorer: " + e, e);
            }
        }

        private void readLines() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException | RuntimeException e) {
                // the child is gone: said below
            }
            lines.add(GONE);
        }

        /** Whether this child can explore {@code subject} on the classes in {@code dir}. */
        boolean canServe(Path dir, String subject) {
            return child.isAlive() && (learner == null || learner.equals(dir)) && !served.contains(subject);
        }

        /** Copies the learner's classes (every file under {@code dir}) to where this child loads them first. */
        void copy(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = classes.resolve(dir.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else if (Files.isRegularFile(f)) {
                        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy the learner's classes for the warm explorer: " + e, e);
            }
            learner = dir;
        }

        /** The child's verdict, or null if it died or its copy of the classes was not the one it loaded. */
        Explorer.Verdict ask(Job job) throws InterruptedException {
            served.add(job.subject());
            try {
                OutputStream in = child.stdin();
                in.write(("explore " + job.subject() + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                return null;
            }
            StringBuilder answer = new StringBuilder();
            long deadline = System.nanoTime() + job.budget().toNanos();
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    close();
                    return new Explorer.Verdict.Blind(
                            String.format(job.slow(), job.budget().toSeconds()));
                }
                if (line.equals(GONE)) {
                    return null;
                }
                if (line.equals(Explorer.END)) {
                    break;
                }
                answer.append(line).append('\n');
            }
            return Explorer.isStale(answer.toString()) ? null : Explorer.Verdict.parse(answer.toString());
        }

        /**
         * Ends the child: the end of its standard input first, so that it exits by itself (a JVM killed leaves its
         * attach socket, {@code /tmp/.java_pid<pid>}, behind: the model checker's agent attached to it), killed if
         * it has not within {@link #EXIT_WAIT}.
         */
        void close() {
            if (child.isAlive()) {
                try {
                    child.stdin().close();
                    child.join(EXIT_WAIT);
                } catch (IOException | RuntimeException e) {
                    // killed below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            child.close();
            KitFiles.deleteRecursively(tmp);
            ProcessHygiene.release(child.pid(), tmp);
        }
    }
}
