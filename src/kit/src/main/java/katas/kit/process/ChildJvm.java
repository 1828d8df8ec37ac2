package katas.kit.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts a Java {@code main} class in a child JVM, like Python's {@code multiprocessing.Process(target=...).start()}:
 * {@code try (ChildProcess worker = ChildJvm.main(Worker.class).args("50000000").start()) { worker.awaitSuccess(d); }}.
 * The child runs through {@link ChildMain}, which ends it when this JVM dies, even by {@code kill -9}. Its standard
 * input is closed and its output captured, bounded ({@link ChildProcess#stdoutText()}), unless {@link #pipeStdio()}
 * makes them a two-way channel. Given code: read it, use it. A builder is for one thread; each {@link #start()}
 * starts one more child with the configuration at that moment.
 */
public final class ChildJvm {

    static final String NATIVE_REFLECTION = "-Djdk.reflect.useNativeAccessorOnly=true";
    static final String NO_PERF_DATA = "-XX:-UsePerfData";
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    /** The longest secret {@link #secret(byte[])} hands to a child: it must fit in any pipe's buffer at once. */
    public static final int MAX_SECRET_BYTES = 1024;
    /** The parent decodes captured output as UTF-8, so the child writes UTF-8 (JDK 17: file.encoding; 19+: stdout/stderr.encoding). */
    static final List<String> UTF_8_OUTPUT =
            List.of("-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8");

    private final Class<?> mainClass;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private String name;
    private boolean pipeStdio;
    private boolean shortLived;
    private byte[] secret;
    private final List<String> classPathFirst = new ArrayList<>();

    private ChildJvm(Class<?> mainClass) {
        this.mainClass = mainClass;
        this.name = mainClass.getSimpleName().isEmpty() ? mainClass.getName() : mainClass.getSimpleName();
    }

    /**
     * A builder for a child JVM that runs {@code mainClass}'s {@code public static void main(String[])}.
     *
     * @param mainClass a class with {@code public static void main(String[] args)}, on this JVM's class path
     * @return a new builder, named after the class's simple name
     * @throws NullPointerException if {@code mainClass} is null
     * @throws IllegalArgumentException if the class has no {@code public static void main(String[])}
     */
    public static ChildJvm main(Class<?> mainClass) {
        Objects.requireNonNull(mainClass, "ChildJvm.main needs the class whose main method the child runs, not null");
        Method main;
        try {
            main = mainClass.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    mainClass.getName()
                            + " has no 'public static void main(String[] args)': a child JVM can only run a class that has one");
        }
        if (!Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
            throw new IllegalArgumentException(mainClass.getName() + ".main(String[]) must be 'public static void'"
                    + " for a child JVM to run it");
        }
        return new ChildJvm(mainClass);
    }

    /**
     * Adds arguments for the child's {@code main(String[] args)}, after any added before.
     *
     * @param args the arguments, passed as they are (empty strings and spaces included)
     * @return this builder
     * @throws NullPointerException if the array or one of its elements is null
     */
    public ChildJvm args(String... args) {
        Objects.requireNonNull(args, "args must not be null (pass no arguments for none)");
        for (int i = 0; i < args.length; i++) {
            Objects.requireNonNull(args[i], "argument " + i + " for the child's main is null");
        }
        Collections.addAll(this.args, args);
        return this;
    }

    /**
     * Adds options for the child's {@code java} command, such as {@code -Xmx64m} or {@code -Dkey=value},
     * after any added before. The class path is set by the kit and cannot be given here.
     *
     * @param jvmArgs the options, each starting with {@code -}
     * @return this builder
     * @throws NullPointerException if the array or one of its elements is null
     * @throws IllegalArgumentException if an option is blank, does not start with {@code -}, sets the class
     *         path, the run id ({@value KitFiles#RUN_PROPERTY}) or the secret's marker
     */
    public ChildJvm jvmArgs(String... jvmArgs) {
        Objects.requireNonNull(jvmArgs, "jvmArgs must not be null (pass no options for none)");
        for (String option : jvmArgs) {
            Objects.requireNonNull(option, "a JVM option for the child is null");
            if (option.isBlank() || !option.startsWith("-")) {
                throw new IllegalArgumentException("JVM option '" + option + "' is not an option: options start with"
                        + " '-' (arguments for the child's main go to args(...))");
            }
            if (option.equals("-cp")
                    || option.equals("-classpath")
                    || option.startsWith("--class-path")
                    || option.startsWith("-Djava.class.path")) {
                throw new IllegalArgumentException("JVM option '" + option + "': the kit gives the child this JVM's"
                        + " class path; it cannot be changed");
            }
            if (option.equals("-D" + ChildMain.SECRET_PROPERTY)
                    || option.startsWith("-D" + ChildMain.SECRET_PROPERTY + "=")) {
                throw new IllegalArgumentException("JVM option '" + option + "': a child gets a secret with"
                        + " secret(byte[]), through its standard input, never on its command line");
            }
            if (option.equals("-D" + KitFiles.RUN_PROPERTY) || option.startsWith("-D" + KitFiles.RUN_PROPERTY + "=")) {
                throw new IllegalArgumentException("JVM option '" + option + "': the kit gives the child this JVM's"
                        + " run id (it names the kata files the run may clean up); it cannot be changed");
            }
        }
        Collections.addAll(this.jvmArgs, jvmArgs);
        return this;
    }

    /**
     * Puts {@code directory} first on the child's class path, ahead of this JVM's: a class found there wins. For a
     * warm child that is started before the classes it will run exist (they are copied there later).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code directory} is not an absolute path
     */
    public ChildJvm classPathFirst(java.nio.file.Path directory) {
        Objects.requireNonNull(directory, "the class path directory must not be null");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("classPathFirst needs an absolute directory, got " + directory);
        }
        classPathFirst.add(directory.toString());
        return this;
    }

    /**
     * Names the child in messages, exceptions, thread names and its command line. Default: the main class's
     * simple name.
     *
     * @param name a short single-line name, such as {@code worker-1}
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or has a line break
     */
    public ChildJvm name(String name) {
        Objects.requireNonNull(name, "the child's name must not be null");
        if (name.isBlank() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the child's name must be a non-blank single line, got '" + name + "'");
        }
        this.name = name.strip();
        return this;
    }

    /**
     * Gives the parent the child's standard input and output as streams ({@link ChildProcess#stdin()},
     * {@link ChildProcess#stdout()}) instead of closing the one and capturing the other. The child must then
     * write its logging to standard error only: one stray {@code System.out.println} corrupts the channel.
     *
     * @return this builder
     */
    public ChildJvm pipeStdio() {
        this.pipeStdio = true;
        return this;
    }

    /**
     * Hands the child a secret, such as the key with which it proves to a queue that this parent started it,
     * without putting it where other processes can read it: a command line ({@code ps -ww} shows every
     * process's arguments to every user) or an environment ({@code /proc/<pid>/environ}, readable by the same
     * user). The kit writes it to the child's standard input as soon as the child starts (two bytes of length,
     * then the bytes), before anything else; in the child, {@link ChildMain} reads it before your {@code main}
     * runs and {@link ChildMain#secret()} returns it. The command line only says that a secret is there
     * ({@code -D}{@value ChildMain#SECRET_PROPERTY}{@code =stdin}), never what it is.
     *
     * <p>With {@link #pipeStdio()} the secret comes first on standard input, then what the parent writes to
     * {@link ChildProcess#stdin()}; without it, standard input ends right after the secret.
     *
     * @param secret 1 to {@value #MAX_SECRET_BYTES} bytes; copied, so later changes to the array do not matter
     * @return this builder
     * @throws NullPointerException if {@code secret} is null
     * @throws IllegalArgumentException if {@code secret} is empty or longer than {@value #MAX_SECRET_BYTES} bytes
     */
    public ChildJvm secret(byte[] secret) {
        Objects.requireNonNull(secret, "the secret for the child must not be null");
        if (secret.length == 0 || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "a secret for a child has 1 to " + MAX_SECRET_BYTES + " bytes, not " + secret.length);
        }
        this.secret = secret.clone();
        return this;
    }

    /**
     * Adds {@code -XX:TieredStopAtLevel=1}: only the quick C1 compiler, which saves a little start-up and CPU
     * for a child that lives well under a second. Do not use it for a child that computes for long (counting
     * to 50,000,000): there C1 code is several times slower
     * (see docs/measurements.md, "C1 only for short-lived children").
     *
     * @return this builder
     */
    public ChildJvm shortLived() {
        this.shortLived = true;
        return this;
    }

    /**
     * The command line {@link #start()} runs now; useful in messages. A new, unmodifiable list.
     *
     * @throws IllegalStateException if this JVM's run id is malformed ({@link KitFiles#runId()})
     */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add(NATIVE_REFLECTION);
        command.add(NO_PERF_DATA);
        command.addAll(UTF_8_OUTPUT);
        if (shortLived) {
            command.add(C1_ONLY);
        }
        command.add("-D" + ChildMain.PARENT_PID_PROPERTY + "="
                + ProcessHandle.current().pid());
        command.add("-D" + ChildMain.NAME_PROPERTY + "=" + name);
        command.add("-D" + ChildMain.MAIN_PROPERTY + "=" + mainClass.getName());
        command.add("-D" + KitFiles.RUN_PROPERTY + "=" + KitFiles.runId());
        if (secret != null) {
            command.add("-D" + ChildMain.SECRET_PROPERTY + "=stdin");
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        List<String> path = new ArrayList<>(classPathFirst);
        path.add(classPath(mainClass.getClassLoader()));
        command.add(String.join(File.pathSeparator, path));
        command.add(ChildMain.class.getName());
        command.add(mainClass.getName());
        command.addAll(args);
        return List.copyOf(command);
    }

    /**
     * Whether {@code process} is a child JVM started by this kit to run {@code mainClass}. Reliable where the operating
     * system shows only the start of a long command line (Linux: 4 KiB, often cut inside the class path): the main
     * class is named ahead of the class path too.
     */
    public static boolean runs(ProcessHandle process, Class<?> mainClass) {
        ProcessHandle.Info info = process.info();
        Optional<String[]> arguments = info.arguments();
        if (arguments.isPresent()) {
            return List.of(arguments.get()).contains(mainClass.getName());
        }
        return info.commandLine()
                .map(line -> line.contains("-D" + ChildMain.MAIN_PROPERTY + "=" + mainClass.getName() + " "))
                .orElse(false);
    }

    /**
     * Starts one child JVM. Returns as soon as the operating system has started the process: the child's
     * {@code main} has most likely not begun yet. Safe to call again for more children.
     *
     * <p>The child runs the same {@code java} binary as this JVM ({@code java.home}) with the same class path
     * ({@link #classPath()}). It joins this JVM's run ({@link KitFiles#runId()}, passed as
     * {@code -D}{@value KitFiles#RUN_PROPERTY}): the kata files it makes are named for the same run, so this run's
     * cleanup and hygiene checks know them as their own, and no other run's do. It writes its standard output and
     * error in UTF-8, which is how the parent decodes what it captures. It gets the start-up flags
     * {@value #NATIVE_REFLECTION} and {@value #NO_PERF_DATA} (so {@code jps} does not list the children: use
     * {@code ps}), chosen by measurement: docs/measurements.md, "Child JVM start-up flags".
     *
     * @return the running child; close it (try-with-resources) or join it
     * @throws UncheckedIOException if the operating system could not start the process
     */
    public ChildProcess start() {
        ProcessBuilder builder = new ProcessBuilder(command());
        try {
            return new ChildProcess(builder.start(), name, pipeStdio, secret);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start child JVM '" + name + "': " + e.getMessage(), e);
        }
    }

    static String javaBinary() {
        String home = System.getProperty("java.home");
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        return home + File.separator + "bin" + File.separator + (windows ? "java.exe" : "java");
    }

    /**
     * The class path a child needs to load what this JVM loads: Surefire's test class path when running under
     * Surefire (its {@code java.class.path} may be just a manifest-only booter jar), else {@code java.class.path}
     * (IDE, plain {@code java -cp}, or a child starting a grandchild); then whatever the calling thread's class
     * loaders add that those do not list: a launcher that loads the tests in a class loader of its own (the
     * JUnit console launcher's {@code --class-path}, some IDE runners) puts the tests and the kit there.
     */
    public static String classPath() {
        return classPath(null);
    }

    /**
     * Like {@link #classPath()}, with the URLs of {@code also} and its parents first: the loader of the class a child
     * will run. The calling thread's context class loader is not always the tests' (a thread of the common
     * fork-join pool has the system class loader), but the main class's own loader always knows where it came from.
     */
    static String classPath(ClassLoader also) {
        String surefire = System.getProperty("surefire.test.class.path");
        String base = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path", "");
        java.util.LinkedHashSet<String> entries = new java.util.LinkedHashSet<>();
        for (String entry : base.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        addUrls(also, entries);
        addUrls(Thread.currentThread().getContextClassLoader(), entries);
        return String.join(File.pathSeparator, entries);
    }

    private static void addUrls(ClassLoader first, java.util.Set<String> entries) {
        for (ClassLoader loader = first; loader != null; loader = loader.getParent()) {
            if (loader instanceof java.net.URLClassLoader urls) {
                for (java.net.URL url : urls.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        try {
                            entries.add(new File(url.toURI()).getPath());
                        } catch (java.net.URISyntaxException | IllegalArgumentException notAFile) {
                            // not a plain file URL: nothing a child's -cp could use
                        }
                    }
                }
            }
        }
    }
}
