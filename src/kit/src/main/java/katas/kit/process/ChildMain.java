package katas.kit.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The entry point of every child JVM that {@link ChildJvm} starts ({@code java ... ChildMain <main class> <args>}):
 * a daemon watchdog checks every {@value #POLL_MILLIS} ms that the JVM that started this one is still its parent,
 * and when it is not (exited, crashed, {@code kill -9}) it cleans up and ends this JVM at once with
 * {@link #PARENT_DIED_EXIT_CODE}, so no child outlives the program that started it; then it runs your {@code main}.
 * Standard input is not the signal: it may be a data channel. Thread-safe. Given code: read it, use it.
 */
public final class ChildMain {

    /**
     * The exit code of a child that ended itself because its parent process died. Before it ends, the watchdog
     * prints one line to standard error, deletes what dead JVMs of its run left in the kata directories
     * ({@link KitFiles#sweepStale()}: the parent's socket files and segments among them, never a fresh file of
     * another run) and runs the hooks of {@link #onParentDeath(Runnable)}; then it halts the JVM (shutdown hooks do
     * <em>not</em> run).
     */
    public static final int PARENT_DIED_EXIT_CODE = 86;

    /** How often the watchdog checks the parent, in milliseconds. */
    public static final int POLL_MILLIS = 150;

    /** How long the parent-death hooks may take together, in milliseconds, before the JVM halts anyway. */
    public static final int HOOK_MILLIS = 2000;

    /** System property with the pid of the JVM that started this child (set by {@link ChildJvm}). */
    static final String PARENT_PID_PROPERTY = "katas.kit.parentPid";

    /** System property with the child's name (set by {@link ChildJvm}; shows in {@code ps} and in messages). */
    static final String NAME_PROPERTY = "katas.kit.childName";

    /**
     * System property with the child's main class (set by {@link ChildJvm}), ahead of the class path: Linux shows
     * other processes only a command line's first 4 KiB, and a long class path pushes the main class past it.
     */
    static final String MAIN_PROPERTY = "katas.kit.childMain";

    /** System property that says a secret waits on standard input (set by {@link ChildJvm#secret}); never the secret. */
    static final String SECRET_PROPERTY = "katas.kit.secret";

    private static final List<Runnable> HOOKS = new CopyOnWriteArrayList<>();

    /** The secret the parent handed over on standard input, or null; written once, before the main class runs. */
    private static volatile byte[] secret;

    private ChildMain() {}

    /**
     * Registers {@code cleanup} to run when this JVM ends because its parent process died: delete a
     * socket file, unmap a segment. A hook should be quick; an exception it throws is printed to
     * standard error and the next hook still runs. May be called from any thread, any number of times. The hooks
     * run on the watchdog thread, one after the other in registration order, while the rest of the program is still
     * running; together they get at most {@value #HOOK_MILLIS} ms, then the JVM halts regardless.
     *
     * <p>In a JVM that was not started through {@link ChildJvm} (the parent, a plain {@code java} run, a
     * test) the hook is kept but never runs, so calling this is always safe.
     *
     * @param cleanup what to do just before the JVM halts
     * @throws NullPointerException if {@code cleanup} is null
     */
    public static void onParentDeath(Runnable cleanup) {
        HOOKS.add(Objects.requireNonNull(cleanup, "onParentDeath needs a cleanup to run, not null"));
    }

    /**
     * The secret that the parent handed to this JVM with {@link ChildJvm#secret(byte[])}, through standard input
     * (never the command line or the environment, which other processes can read). Read before the main class
     * ran, so standard input then holds only what comes after it.
     *
     * @return a copy of the secret's bytes
     * @throws IllegalStateException if this JVM was not started with a secret (not by {@link ChildJvm}, or
     *         without {@code secret(...)}); it never waits for standard input
     */
    public static byte[] secret() {
        byte[] handed = secret;
        if (handed == null) {
            throw new IllegalStateException("this JVM was started without a secret: the parent hands one over with"
                    + " ChildJvm.main(...).secret(bytes) (through standard input, never on the command line)");
        }
        return handed.clone();
    }

    /**
     * Runs the main class named by {@code args[0]} with arguments {@code args[1..]}, watched by the watchdog.
     * Meant to be started by {@link ChildJvm}, not called from code. If that main throws, prints
     * {@code Exception in thread "main"} and the stack trace to standard error and exits with code 1, like
     * {@code java} itself (but at once, without waiting for other non-daemon threads); if it returns, the JVM ends
     * as usual, when its last non-daemon thread ends.
     *
     * @param args the main class's binary name, then its arguments
     */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: java -D" + PARENT_PID_PROPERTY + "=<pid> " + ChildMain.class.getName()
                    + " <main class> [args...]   (ChildJvm starts it for you)");
            System.exit(2);
        }
        String parentPid = System.getProperty(PARENT_PID_PROPERTY);
        if (parentPid != null) {
            startWatchdog(Long.parseLong(parentPid));
        }
        if ("stdin".equals(System.getProperty(SECRET_PROPERTY))) {
            secret = readSecret();
        }
        Method main;
        try {
            Class<?> mainClass = Class.forName(args[0], false, ClassLoader.getSystemClassLoader());
            main = mainClass.getMethod("main", String[].class);
            main.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("Error: could not find " + args[0] + ".main(String[]) in the child JVM: " + e);
            System.exit(1);
            return;
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            failLikeJava(e.getCause());
        } catch (IllegalAccessException | RuntimeException | Error e) {
            // ExceptionInInitializerError of the main class lands here, as with plain java.
            failLikeJava(e);
        }
    }

    /** Two bytes of length, then the secret, from standard input (see {@link ChildJvm#secret(byte[])}). */
    private static byte[] readSecret() {
        try {
            java.io.DataInputStream in = new java.io.DataInputStream(System.in);
            byte[] bytes = new byte[in.readUnsignedShort()];
            in.readFully(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            System.err.println("Error: the parent said it would hand this JVM a secret on standard input, but"
                    + " standard input ended first: " + e);
            System.exit(1);
            return null;
        }
    }

    private static void failLikeJava(Throwable failure) {
        System.err.print("Exception in thread \"" + Thread.currentThread().getName() + "\" ");
        failure.printStackTrace();
        System.err.flush();
        System.exit(1);
    }

    private static void startWatchdog(long parentPid) {
        Thread watchdog = new Thread(new Watchdog(parentPid), "katas-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Whether {@code parentPid} is still this JVM's parent. When a parent dies, the operating system gives
     * the orphan a new parent (init or a subreaper), so this also survives the reuse of the old pid.
     */
    static boolean isParent(long parentPid) {
        long ppid = procParentPid();
        if (ppid >= 0) {
            return ppid == parentPid;
        }
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        return parent != null && parent.pid() == parentPid;
    }

    /**
     * This process's parent pid from {@code /proc/self/stat} (Linux), or -1 where there is none. What
     * {@code ProcessHandle.current().parent()} reads too, without its set-up (a reaper thread pool and the lambdas
     * behind it: about 10 ms of CPU in every child that lives past the first check; see docs/lesson.md, "Processes
     * near their floor"). Plain bytes, no strings: no invokedynamic either.
     */
    static long procParentPid() {
        byte[] stat = new byte[512];
        int n = 0;
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/stat")) {
            for (int r; n < stat.length && (r = in.read(stat, n, stat.length - n)) > 0; ) {
                n += r;
            }
        } catch (java.io.IOException | SecurityException noProc) {
            return -1;
        }
        int close = -1; // the command name, in parentheses, may hold spaces and parentheses: after the last ')'
        for (int i = 0; i < n; i++) {
            if (stat[i] == ')') {
                close = i;
            }
        }
        // ") S 1234 ...": the state, then the parent pid
        int i = close + 4;
        if (close < 0 || i >= n) {
            return -1;
        }
        long ppid = 0;
        int digits = 0;
        for (; i < n && stat[i] >= '0' && stat[i] <= '9'; i++, digits++) {
            ppid = ppid * 10 + (stat[i] - '0');
        }
        return digits > 0 ? ppid : -1;
    }

    /**
     * The watchdog loop. A named class rather than a lambda, and no string concatenation before the parent
     * dies: both would add invokedynamic set-up to every child's start (see docs/measurements.md,
     * "Watchdog: sleep before the first check").
     */
    private static final class Watchdog implements Runnable {
        private final long parentPid;

        Watchdog(long parentPid) {
            this.parentPid = parentPid;
        }

        @Override
        public void run() {
            // Sleep first: a child that is done within one period never pays for ProcessHandle's set-up
            // (see docs/measurements.md, "Watchdog: sleep before the first check"). A parent that died even
            // before this child started is still noticed, one period later.
            do {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException ignored) {
                    // Nobody should interrupt the watchdog; keep watching.
                }
            } while (isParent(parentPid));
            parentDied(parentPid);
        }
    }

    private static void parentDied(long parentPid) {
        String name = System.getProperty(NAME_PROPERTY, "child");
        System.err.println(
                "[katas.kit] " + name + " (pid " + ProcessHandle.current().pid() + "): parent process "
                        + parentPid + " is gone; running " + HOOKS.size() + " cleanup hook(s) and exiting with code "
                        + PARENT_DIED_EXIT_CODE);
        Thread hooks = new Thread(
                () -> {
                    // First what the dead parent owned: its katas-<pid>-<run>-... files and directories (a socket, a
                    // segment). The parent is of this child's run (ChildJvm passes the run id), so the sweep knows
                    // them.
                    try {
                        KitFiles.sweepStale();
                    } catch (RuntimeException e) {
                        System.err.println(
                                "[katas.kit] could not sweep the dead parent's kata files: " + e.getMessage());
                    }
                    for (Runnable hook : HOOKS) {
                        try {
                            hook.run();
                        } catch (Throwable t) {
                            System.err.print("[katas.kit] a parent-death hook failed: ");
                            t.printStackTrace();
                        }
                    }
                },
                "katas-parent-death-hooks");
        hooks.setDaemon(true);
        hooks.start();
        try {
            hooks.join(HOOK_MILLIS);
        } catch (InterruptedException ignored) {
            // Halt anyway.
        }
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(PARENT_DIED_EXIT_CODE);
    }
}
