package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.testkit.Races;

/**
 * A child JVM that shares a counter between threads, for the checks that may meet a counter whose threads wait or
 * spin for ever ({@link Hammer}): the child ends with its check, and a spinning thread ends with it. Two modes:
 *
 * <pre>
 *   rounds   &lt;counter class&gt; &lt;threads&gt; &lt;each&gt; &lt;stall ms&gt; &lt;at least&gt; &lt;at most&gt; &lt;budget ms&gt;
 *   workload &lt;counter class&gt; &lt;threads&gt; &lt;each&gt; &lt;stall ms&gt;
 *   read     &lt;counter class&gt; 1 &lt;target&gt; &lt;stall ms&gt; &lt;reader ms&gt;
 * </pre>
 *
 * {@code rounds} shares one new counter per round, round after round under preemption noise ({@link Races#repeat}),
 * until a round counts wrong or the bound is reached; {@code workload} counts once, without noise, and times it. The
 * child prints {@code key=value} lines: {@code rounds}, {@code seen} (whether a round counted wrong), {@code total}
 * (what the last round counted), {@code millis}, {@code wakeUps}, {@code nanos} (workload); or {@code stuck=} and the
 * message, when the counter stopped moving. {@code read} is the visibility check: see {@link #read}. A thread's exception ends the child with an error and its stack trace on
 * standard error.
 */
public final class CounterChild {

    /** How long the parent waits for the child: only a backstop, the child's own stall check ends it sooner. */
    static final Duration BACKSTOP = Duration.ofSeconds(90);

    private CounterChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            throw new IllegalArgumentException(
                    "usage: CounterChild rounds|workload <counter class> <threads> <each> <stall ms> [...]");
        }
        Subject subject = Subject.named(args[1]);
        int threads = Integer.parseInt(args[2]);
        long each = Long.parseLong(args[3]);
        Duration stall = Duration.ofMillis(Long.parseLong(args[4]));
        long expected = threads * each;
        try {
            if (args[0].equals("rounds")) {
                long[] last = {0};
                Races.Outcome<Long> outcome = Races.repeat(
                        Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]),
                        Duration.ofMillis(Long.parseLong(args[7])),
                        round -> {
                            long total = subject.hammer(threads, each, stall).get();
                            last[0] = total;
                            return total == expected ? null : total;
                        });
                System.out.printf(
                        "rounds=%d%nseen=%b%ntotal=%d%nmillis=%d%nwakeUps=%d%n",
                        outcome.tries(),
                        outcome.sighting().isPresent(),
                        outcome.sighting().orElse(last[0]),
                        outcome.millis(),
                        outcome.wakeUps());
            } else if (args[0].equals("workload")) {
                long start = System.nanoTime();
                long total = subject.hammer(threads, each, stall).get();
                System.out.printf("total=%d%nnanos=%d%n", total, System.nanoTime() - start);
            } else {
                read(subject, each, Duration.ofMillis(Long.parseLong(args[5])));
            }
        } catch (Hammer.Stuck stuck) {
            System.out.println("stuck=" + stuck.getMessage().replace('\n', ' '));
        }
        System.out.flush();
        System.exit(0); // now, even if a stuck thread spins on
    }

    /**
     * The visibility check ({@link FixChecks#getSeesTheLatestValue}): this thread increments a new counter once a
     * millisecond up to {@code target} while a reader thread loops on {@code get()}; prints {@code last} (the last
     * value the reader saw), {@code before} (the higher value it saw before, if the count went down; else -1),
     * {@code written} and {@code millis}, or {@code stuck=} and where the reader is, if it never returned.
     */
    private static void read(Subject subject, long target, Duration readerTime) throws InterruptedException {
        Subject.Counter counter = subject.create();
        counter.increment();
        AtomicReference<Subject.Reading> lastRead = new AtomicReference<>(new Subject.Reading(-1, -1));
        long start = System.nanoTime();
        long readerDeadline = start + readerTime.toNanos();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        lastRead.set(counter.readUntil(target, readerDeadline));
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "reader");
        reader.setDaemon(true);
        reader.start();
        long written = 1;
        while (reader.isAlive() && written < target) {
            // One increment per millisecond since the start, catching up after a late wake-up: the count grows for
            // about target milliseconds however busy the machine, and the reader (and the JIT compiling its loop)
            // has that long.
            long due = Math.min(target, 1 + (System.nanoTime() - start) / 1_000_000);
            for (; written < due; written++) {
                counter.increment();
            }
            LockSupport.parkNanos(1_000_000); // pacing, not waiting for a state
        }
        reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(readerDeadline - System.nanoTime()) + 1_000));
        if (reader.isAlive()) {
            System.out.println("stuck=" + String.join(" <- ", Hammer.frames(reader.getStackTrace())));
        }
        if (failure.get() != null) {
            throw new AssertionError("the reader thread's get() threw " + failure.get(), failure.get());
        }
        Subject.Reading read = lastRead.get();
        System.out.printf(
                "last=%d%nbefore=%d%nwritten=%d%nmillis=%d%n",
                read.last(), read.before(), written, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Runs the child for {@code subject} with the given JVM options and mode arguments (after the counter class) and
     * returns what it printed; fails the test with the child's explanation when the counter stopped moving.
     */
    static Map<String, String> run(Subject subject, String how, List<String> jvmArgs, String mode, Object... args)
            throws InterruptedException {
        try (Running child = start(subject, how, jvmArgs, mode, args)) {
            return child.result();
        }
    }

    /**
     * Starts the child as {@link #run} does and returns at once, so that it runs while the test thread does something
     * else (the visibility check runs while the step's other checks do); {@link Running#result} waits for it.
     */
    static Running start(Subject subject, String how, List<String> jvmArgs, String mode, Object... args) {
        List<String> all = new ArrayList<>(List.of(mode, subject.name()));
        for (Object a : args) {
            all.add(String.valueOf(a));
        }
        ChildProcess child = ChildJvm.main(CounterChild.class)
                .name(subject + "-" + how)
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .args(all.toArray(String[]::new))
                .start();
        return new Running(child, how, mode);
    }

    /** A child started by {@link #start}; closing it ends the child if it still runs. */
    static final class Running implements AutoCloseable {
        private final ChildProcess child;
        private final String how;
        private final String mode;

        private Running(ChildProcess child, String how, String mode) {
            this.child = child;
            this.how = how;
            this.mode = mode;
        }

        /** Waits for the child (at most {@link #BACKSTOP}) and returns what it printed, as {@link #run} does. */
        Map<String, String> result() throws InterruptedException {
            Map<String, String> result = new HashMap<>();
            child.awaitSuccess(BACKSTOP);
            for (String line : child.stdoutText().strip().split("\\R")) {
                String[] kv = line.split("=", 2);
                result.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            if (result.containsKey("stuck") && !mode.equals("read")) {
                throw new AssertionError(result.get("stuck")
                        + (how.equals("interpreted")
                                ? " (in a JVM that runs the counter one bytecode at a time)"
                                : ""));
            }
            assertThat(result).as("what the child JVM printed").containsKey(mode.equals("read") ? "last" : "total");
            return result;
        }

        @Override
        public void close() {
            child.close();
        }
    }
}
