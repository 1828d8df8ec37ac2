package katas.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes a race show on a busy or single CPU too, within a bound; every race test of the katas goes through here.
 * {@link #noise()} adds preemption points while a race runs, {@link #repeat} tries again under that noise until a try
 * sees the race (a correct subject runs every try and passes), and {@link #interpreted} keeps the JIT from fusing a
 * read and a write into one instruction that no thread switch can split. Why each is needed, and what it measured:
 * docs/measurements.md, "Races on one CPU: noise, repeats, the interpreter". Thread-safe; a {@link Noise} is started
 * and closed by one thread.
 */
public final class Races {

    /** How often the noise thread wakes, in microseconds. */
    public static final long NOISE_PERIOD_MICROS = 50;

    private Races() {}

    /**
     * Starts preemption noise: a daemon thread that wakes every {@value #NOISE_PERIOD_MICROS} microseconds until
     * {@link Noise#close() closed}. Each wake-up can preempt whichever thread runs on its CPU, wherever it is; it only
     * shakes the scheduler, the race itself is still the code under test's read and separate write. Use it in a
     * try-with-resources around the race.
     */
    public static Noise noise() {
        return new Noise(Duration.ofNanos(NOISE_PERIOD_MICROS * 1_000));
    }

    /**
     * Runs {@code attempt} as try 1, 2, ... under {@link #noise() preemption noise}, until a try sees the race.
     * Stops after {@code atMost} tries; starts no new try once {@code budget} has passed and {@code atLeast} tries
     * are done (so a slow machine still makes {@code atLeast} tries, and a fast one at most {@code atMost}).
     *
     * @param atLeast tries to make however long they take (unless one sees the race first); 1 or more
     * @param atMost  tries to make at most; {@code atLeast} or more
     * @param budget  time after which no new try starts (once {@code atLeast} are done)
     * @param attempt one try: returns what it saw of the race, or {@code null} when this try did not see it
     * @param <T>     what a try returns when it sees the race
     * @return how many tries ran, how long they took, and what the first try that saw the race returned, if any
     * @throws Exception whatever a try threw: the tries stop there
     * @throws IllegalArgumentException if {@code atLeast < 1}, {@code atMost < atLeast} or the budget is negative
     */
    public static <T> Outcome<T> repeat(int atLeast, int atMost, Duration budget, Try<T> attempt) throws Exception {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(attempt, "attempt");
        if (atLeast < 1 || atMost < atLeast || budget.isNegative()) {
            throw new IllegalArgumentException("need 1 <= atLeast <= atMost and a budget of 0 or more, got atLeast "
                    + atLeast + ", atMost " + atMost + ", budget " + budget);
        }
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        try (Noise noise = noise()) {
            int tries = 0;
            while (tries < atMost && (tries < atLeast || System.nanoTime() - deadline < 0)) {
                tries++;
                T seen = attempt.run(tries);
                if (seen != null) {
                    return new Outcome<>(tries, seen, millisSince(start), noise.wakeUps());
                }
            }
            return new Outcome<>(tries, null, millisSince(start), noise.wakeUps());
        }
    }

    /**
     * Options for a child JVM (see {@code katas.kit.process.ChildJvm#jvmArgs}) that never compiles the given
     * classes: their methods run in the interpreter, one bytecode at a time, and are not inlined into compiled
     * callers. Everything else is compiled as usual. HotSpot options (every OpenJDK build); another JVM ignores
     * them.
     *
     * @param classNames fully qualified names, such as {@code katas.racycounter.SynchronizedCounter}
     * @return the options, a new unmodifiable list
     * @throws IllegalArgumentException if no class is given or a name is not a plain Java class name
     */
    public static List<String> interpreted(String... classNames) {
        if (classNames.length == 0) {
            throw new IllegalArgumentException("name at least one class to interpret");
        }
        String[] options = new String[classNames.length + 1];
        options[0] = "-XX:CompileCommand=quiet";
        for (int i = 0; i < classNames.length; i++) {
            String name = Objects.requireNonNull(classNames[i], "class name");
            if (!name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                throw new IllegalArgumentException("not a Java class name: '" + name + "'");
            }
            options[i + 1] = "-XX:CompileCommand=exclude," + name + "::*";
        }
        return List.of(options);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * One try of a race.
     *
     * @param <T> what the try returns when it sees the race
     */
    @FunctionalInterface
    public interface Try<T> {
        /**
         * @param tryNumber 1 for the first try
         * @return what this try saw of the race (a wrong total, a lost item...), or {@code null} if it saw none
         */
        T run(int tryNumber) throws Exception;
    }

    /**
     * What {@link #repeat} did.
     *
     * @param tries   how many tries ran (the last one saw the race, if any did)
     * @param seen    what the try that saw the race returned, or {@code null} if none did
     * @param millis  how long the tries took together
     * @param wakeUps how many times the noise thread woke meanwhile
     * @param <T>     what a try returns when it sees the race
     */
    public record Outcome<T>(int tries, T seen, long millis, long wakeUps) {

        /** What the try that saw the race returned, if one did. */
        public Optional<T> sighting() {
            return Optional.ofNullable(seen);
        }

        /** For messages, e.g. {@code "12 tries in 1.53 s, preemption noise woke 18,112 times"}. */
        public String summary() {
            return summary(tries, tries == 1 ? "try" : "tries", millis, wakeUps);
        }

        /**
         * For messages, naming a try as the test does: {@code summary("round")} gives, e.g.,
         * {@code "12 rounds in 1.53 s, preemption noise woke 18,112 times"}.
         *
         * @param noun what one try is called, in the singular; the plural adds an "s"
         */
        public String summary(String noun) {
            return summary(tries, tries == 1 ? noun : noun + "s", millis, wakeUps);
        }

        /** The summary's wording for numbers reported from elsewhere (a child JVM's tries, for example). */
        public static String summary(int tries, String triesNoun, long millis, long wakeUps) {
            return String.format(
                    Locale.ROOT,
                    "%d %s in %.2f s, preemption noise woke %,d times",
                    tries,
                    triesNoun,
                    millis / 1000.0,
                    wakeUps);
        }
    }

    /**
     * Preemption noise, from {@link #noise()}: a daemon thread named {@code preemption-noise} that parks for the
     * period, wakes, and parks again, until closed.
     *
     * <p>Concurrency: {@link #wakeUps()} may be read from any thread; close it from the thread that started it.
     */
    public static final class Noise implements AutoCloseable {

        private final AtomicLong wakeUps = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private Noise(Duration period) {
            long nanos = period.toNanos();
            thread = new Thread(
                    () -> {
                        while (running) {
                            LockSupport.parkNanos(nanos);
                            wakeUps.incrementAndGet();
                        }
                    },
                    "preemption-noise");
            thread.setDaemon(true);
            thread.start();
        }

        /** How many times the noise thread has woken so far. */
        public long wakeUps() {
            return wakeUps.get();
        }

        /** Stops the noise thread and waits for it to end (it ends within one period). Idempotent. */
        @Override
        public void close() {
            running = false;
            LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
