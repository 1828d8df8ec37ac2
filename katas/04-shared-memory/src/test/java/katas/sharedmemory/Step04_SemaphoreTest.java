package katas.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.ChildProcessFailedException;
import katas.kit.shm.Segment;
import katas.testkit.Expect;
import katas.testkit.Races;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(4)
@DisplayName("Step 4: a semaphore in the segment - one holder at a time, across processes")
@ExtendWith(ProcessHygiene.class)
@Timeout(120)
class Step04_SemaphoreTest {

    static final long ME = ProcessHandle.current().pid();

    /** Where the word's rule (0 while free, the holder's pid while held) and its compare-and-sets are hinted. */
    static final String WORD = "(step 4, Hint 2)";

    static final String EXCLUSION = "Two processes held the semaphore at once: taking it must be one atomic"
            + " compare-and-set of the word from 0 to this process's pid (step 4, Hint 2)";

    static final String BACK_OFF = "A waiter must not burn a core while another process holds the permit: spin a"
            + " little, then park, the pause growing to about a millisecond (step 4, Hint 3)";

    static final String DEAD_HOLDER = "A holder that died never releases: a waiter must see that the pid in the word"
            + " is gone and fail with an IllegalStateException naming it (step 4, Hint 3)";

    /** Worker increments per round in the mutual-exclusion test. */
    static final long EACH = 20_000;

    @Test
    @DisplayName("tryAcquire takes a free permit: the word holds this process's pid; release frees it: the word is 0")
    void acquireAndRelease() throws Exception {
        try (Segment segment = Shm.inThisJvm("step4-basic", 16)) {
            ByteBuffer memory = segment.buffer();
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, 8));
            assertThat(semaphore.tryAcquire(Duration.ofSeconds(1)))
                    .as("tryAcquire(1 s) of a free semaphore")
                    .isTrue();
            assertThat(Shm.read(memory, 8))
                    .as("the word while this process (pid %d) holds the permit: the holder's pid %s", ME, WORD)
                    .isEqualTo(ME);
            semaphore.release();
            assertThat(Shm.read(memory, 8))
                    .as("the word after release(): 0, free %s", WORD)
                    .isZero();
            Shm.within(
                    Duration.ofSeconds(10),
                    "acquire() of a free semaphore, after a release(), did not return: release must set the word back"
                            + " to 0, and acquire take a free permit at once " + WORD,
                    () -> {
                        semaphore.acquire();
                        return null;
                    });
            assertThat(Shm.read(memory, 8))
                    .as("the word after acquire(): the holder's pid %s", WORD)
                    .isEqualTo(ME);
            semaphore.release();
            assertThat(Shm.read(memory, 0))
                    .as("the long next to the word, at offset 0")
                    .isZero();
        }
    }

    @Test
    @DisplayName("while another holds it: tryAcquire(300 ms) waits about 300 ms, returns false, leaves the word alone")
    void tryAcquireTimesOut() throws Exception {
        try (Segment segment = Shm.inThisJvm("step4-timeout", 8)) {
            ByteBuffer memory = segment.buffer();
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, 0));
            long other = livePidOtherThanThis();
            Shm.write(memory, 0, other); // another live process holds it
            long start = System.nanoTime();
            boolean got = Shm.within(
                    Duration.ofSeconds(10),
                    "tryAcquire(300 ms) while pid " + other + " holds the semaphore did not return: its deadline is"
                            + " set once, when it starts; a deadline set again at every try never comes",
                    () -> semaphore.tryAcquire(Duration.ofMillis(300)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(got)
                    .as("tryAcquire(300 ms) while pid %d holds the semaphore: false %s", other, WORD)
                    .isFalse();
            assertThat(millis)
                    .as(
                            "how long tryAcquire(300 ms) waited, in ms: about its timeout. A tryAcquire with a timeout keeps"
                                    + " trying until its deadline, then gives up: not at once, not much later")
                    .isBetween(250L, 5_000L);
            assertThat(Shm.read(memory, 0))
                    .as("the word after the failed tryAcquire")
                    .isEqualTo(other);
            assertThat(Shm.within(
                            Duration.ofSeconds(5),
                            "tryAcquire(Duration.ZERO) while it is held did not return: a timeout of zero means try once"
                                    + " and do not wait, not wait for ever",
                            () -> semaphore.tryAcquire(Duration.ZERO)))
                    .as("tryAcquire(Duration.ZERO) while it is held: false, at once")
                    .isFalse();
            Shm.write(memory, 0, 0);
            assertThat(semaphore.tryAcquire(Duration.ZERO))
                    .as("tryAcquire(Duration.ZERO) once it is free: true")
                    .isTrue();
            Expect.thrownBy("tryAcquire(null)", () -> semaphore.tryAcquire(null))
                    .isInstanceOf(NullPointerException.class);
            Expect.thrownBy("tryAcquire(-1 ms): a negative timeout", () -> semaphore.tryAcquire(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("release without acquire is an IllegalStateException, and so is a release while another process holds"
            + " it: the word stays as it was")
    void releaseWithoutAcquire() throws Exception {
        try (Segment segment = Shm.inThisJvm("step4-release", 8)) {
            ByteBuffer memory = segment.buffer();
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, 0));
            Expect.thrownBy(
                            "release() of a free semaphore: release without acquire must be refused, or a second"
                                    + " process could take a permit that the first still thinks it holds",
                            semaphore::release)
                    .isInstanceOf(IllegalStateException.class);
            assertThat(Shm.read(memory, 0))
                    .as("the word after a refused release of a free semaphore")
                    .isZero();
            long other = livePidOtherThanThis();
            Shm.write(memory, 0, other);
            Expect.thrownBy(
                            "release() while pid " + other + " holds the semaphore: release without acquire must be"
                                    + " refused (only the holder may release), or the holder's critical section is"
                                    + " open to everybody",
                            semaphore::release)
                    .isInstanceOf(IllegalStateException.class);
            assertThat(Shm.read(memory, 0))
                    .as("the word after a refused release while pid %d holds it: still that pid %s", other, WORD)
                    .isEqualTo(other);
            Expect.thrownBy("new SharedSemaphore(null)", () -> new SharedSemaphore(null))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    @DisplayName("two processes x 20,000 critical sections under it, 3 to 20 rounds under preemption noise: never two"
            + " holders at once, not one update lost")
    void mutualExclusionAcrossProcesses(TestReporter report) throws Exception {
        try (Segment probe = Shm.inThisJvm("step4-probe", 8)) {
            SharedSemaphore s = new SharedSemaphore(new SharedLong(probe, 0)); // a stub fails here, at once
            s.acquire();
            s.release();
        }
        try (TwoWorkers two = TwoWorkers.start("step4-exclusion", "semaphore", EACH, List.of())) {
            long[] overlaps = {0};
            Races.Outcome<Long> wrong = Races.repeat(3, 20, Duration.ofSeconds(3), round -> {
                long total;
                try {
                    total = two.round(round);
                } catch (ChildProcessFailedException e) {
                    // A worker whose release() found the word cleared or taken by the other: it did not hold the permit
                    // alone.
                    throw new AssertionError(
                            "a worker failed in round " + round + ": " + e.getMessage() + "\n'release without"
                                    + " acquire' there means the other process took the permit while this one held it."
                                    + " " + EXCLUSION,
                            e);
                }
                overlaps[0] = two.overlaps();
                return total == 2 * EACH && overlaps[0] == 0 ? null : total;
            });
            String summary = String.format(
                    "semaphore, 2 processes x %,d critical sections: %s, %s",
                    EACH,
                    wrong.summary("round"),
                    wrong.sighting().isPresent()
                            ? String.format(
                                    "%,d times two holders at once, %,d updates lost",
                                    overlaps[0], 2 * EACH - wrong.seen())
                            : "one holder at a time, exact every round");
            System.out.println("  " + summary);
            report.publishEntry("semaphore", summary);
            assertThat(overlaps[0])
                    .as(
                            "times a process entered the critical section while the other was inside (%s). %s",
                            wrong.summary("round"), EXCLUSION)
                    .isZero();
            long total = wrong.sighting().orElse(2 * EACH);
            assertThat(total)
                    .as(
                            "two processes x %,d increments, each under the semaphore (%s): %,d updates were lost. %s",
                            EACH, wrong.summary("round"), 2 * EACH - total, EXCLUSION)
                    .isEqualTo(2 * EACH);
        }
    }

    @Test
    @DisplayName("uncontended, tryAcquire + release costs tens of nanoseconds: the median of 201 batches, shown")
    void uncontendedCost(TestReporter report) throws Exception {
        try (Segment segment = Shm.inThisJvm("step4-cost", 8)) {
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, 0));
            // Many short batches: on a busy machine some are preempted, the median is not.
            int batch = 10_000;
            double[] nanos = new double[201];
            for (int b = -50; b < nanos.length; b++) { // 50 batches to warm up (the JIT compiles the loop)
                long start = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    if (!semaphore.tryAcquire(Duration.ZERO)) {
                        throw new AssertionError("tryAcquire(Duration.ZERO) of a free semaphore returned false");
                    }
                    semaphore.release();
                }
                if (b >= 0) {
                    nanos[b] = (System.nanoTime() - start) / (double) batch;
                }
            }
            java.util.Arrays.sort(nanos);
            String line = String.format(
                    "uncontended tryAcquire(0) + release: median %.1f ns (batches of %,d: %.1f to %.1f ns)",
                    nanos[nanos.length / 2], batch, nanos[0], nanos[nanos.length - 1]);
            System.out.println("  " + line);
            report.publishEntry("uncontended", line);
            assertThat(Shm.read(segment.buffer(), 0))
                    .as("the word after the last release")
                    .isZero();
        }
    }

    @Test
    @DisplayName("a waiter backs off: while another holds the permit it uses a small part of the CPU that a spinning"
            + " thread gets (thread CPU time, measured)")
    void waiterBacksOff() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assertThat(threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeSupported())
                .as("this JVM measures thread CPU time (ThreadMXBean), which this test needs")
                .isTrue();
        threads.setThreadCpuTimeEnabled(true);
        try (Segment segment = Shm.inThisJvm("step4-backoff", 8)) {
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, 0));
            assertThat(semaphore.tryAcquire(Duration.ofSeconds(5)))
                    .as("tryAcquire of a free semaphore")
                    .isTrue();
            AtomicReference<Object> waited = new AtomicReference<>();
            AtomicReference<Path> waiterStatus = new AtomicReference<>();
            AtomicLong switchesBefore = new AtomicLong(-1);
            Thread waiter = new Thread(
                    () -> {
                        try {
                            Path status = threadStatus();
                            switchesBefore.set(voluntarySwitches(status));
                            waiterStatus.set(status);
                            boolean got = semaphore.tryAcquire(Duration.ofSeconds(30));
                            if (got) {
                                semaphore.release();
                            }
                            waited.set(got);
                        } catch (Throwable t) {
                            waited.set(t);
                        }
                    },
                    "k04-waiter");
            waiter.setDaemon(true);
            long start = System.nanoTime();
            waiter.start();
            // The yardstick: this thread spins, doing nothing else, until it has had 300 ms of CPU (at least 1 s, at
            // most 10 s). On a busy machine both threads get less CPU; a waiter that spins gets about as much as this.
            // Between spins it looks at the waiter: running (or ready to run), or paused (parked, asleep)? The
            // JVM's own view of the thread, the same however busy the machine: a waiter that parks is paused for
            // nearly all of its wait, one that yields or spins is never paused.
            long spun = threads.getCurrentThreadCpuTime();
            long spinner = 0;
            long wall = 0;
            long looks = 0;
            long running = 0;
            while (waited.get() == null
                    && ((spinner < 300_000_000L && wall < 10_000_000_000L) || wall < 1_000_000_000L)) {
                for (int i = 0; i < 1_000; i++) {
                    Thread.onSpinWait();
                }
                if (waiterStatus.get() != null) { // inside tryAcquire, or about to be
                    looks++;
                    running += Watch.paused(waiter) ? 0 : 1;
                }
                spinner = threads.getCurrentThreadCpuTime() - spun;
                wall = System.nanoTime() - start;
            }
            long waiterCpu = threads.getThreadCpuTime(waiter.getId());
            long switchesAfter = voluntarySwitches(waiterStatus.get());
            long switches = switchesBefore.get() >= 0 && switchesAfter >= 0 ? switchesAfter - switchesBefore.get() : -1;
            semaphore.release();
            waiter.join(10_000);
            assertThat(waited.get())
                    .as(
                            "what the waiter's tryAcquire(30 s) gave, the permit held for %.1f s and then released%s",
                            wall / 1e9,
                            Boolean.FALSE.equals(waited.get())
                                    ? ": false, it gave up early: a tryAcquire keeps trying until its deadline"
                                            + " (step 4, Hint 2)"
                                    : "")
                    .isEqualTo(Boolean.TRUE);
            double runningShare = looks == 0 ? 0 : (double) running / looks;
            String measured = String.format(
                    "the permit held %.2f s, the waiter used %,d ms of CPU (a spinning thread: %,d ms), gave up its"
                            + " CPU %s times, and was running in %.0f%% of %,d looks",
                    wall / 1e9,
                    waiterCpu / 1_000_000,
                    spinner / 1_000_000,
                    switches < 0 ? "(not measured here)" : String.format("%,d", switches),
                    100 * runningShare,
                    looks);
            System.out.println("  backing off: " + measured);
            // A spinning waiter gets about as much CPU as the spinning yardstick, however busy the machine; one that
            // parks gets what its wake-ups cost: measured 2 to 6% of the time (a park of 1 ms costs about 20 us of
            // CPU here, ProcessHandle.of(pid).isAlive() another 20 us). On a machine so busy that a spinning thread
            // gets under a tenth of a CPU, CPU time alone cannot tell them apart: then the waiter's voluntary context
            // switches (Linux) do. A thread that parks gives its CPU up at every pause, hundreds of times a second; a
            // spinning one never does, it is only preempted.
            // The decisive measure is the JVM's: a waiter that yields (Thread.yield) or spins is never paused, so it
            // is running in nearly every look, however little CPU a busy machine gives it; one that parks is running
            // in a few percent of them (measured 0 to 5%).
            boolean spinnerLike = waiterCpu > spinner / 2;
            boolean burns = waiterCpu > wall / 10 || (switches >= 0 && switches < 20 * wall / 1_000_000_000L);
            boolean neverPauses = looks >= 100 && runningShare > 0.5;
            assertThat(neverPauses || (spinnerLike && burns))
                    .as("%s%s. %s", measured, neverPauses ? ": it never pauses" : "", BACK_OFF)
                    .isFalse();
        }
    }

    /** The scheduler counters of the calling thread ({@code /proc/<pid>/task/<tid>/status}, Linux), or null. */
    static Path threadStatus() {
        try {
            return Path.of("/proc")
                    .resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")))
                    .resolve("status");
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            return null;
        }
    }

    /** The voluntary context switches in a thread's status file: how often it gave up its CPU; -1 if unknown. */
    static long voluntarySwitches(Path status) {
        if (status == null) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or the thread is gone
        }
        return -1;
    }

    @Test
    @DisplayName("a waiter keeps trying until its deadline, still every millisecond or so after seconds of waiting,"
            + " and takes the permit soon after it is released")
    void waiterWakesUpSoonAfterRelease() throws Exception {
        try (Segment segment = Shm.inThisJvm("step4-wake", 8)) {
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, 0));
            assertThat(semaphore.tryAcquire(Duration.ofSeconds(5)))
                    .as("tryAcquire of a free semaphore")
                    .isTrue();
            AtomicReference<Object> outcome = new AtomicReference<>();
            AtomicLong returnedAt = new AtomicLong();
            Thread waiter = new Thread(
                    () -> {
                        try {
                            boolean got = semaphore.tryAcquire(Duration.ofSeconds(20));
                            returnedAt.set(System.nanoTime());
                            if (got) {
                                semaphore.release();
                            }
                            outcome.set(got);
                        } catch (Throwable t) {
                            returnedAt.set(System.nanoTime());
                            outcome.set(t);
                        }
                    },
                    "k04-waiter");
            waiter.setDaemon(true);
            long start = System.nanoTime();
            waiter.start();
            // The permit stays held for 2.5 s at least. From 1.5 s to 2.5 s, how often does the waiter pause (and
            // so try again)? A pause that doubles without a cap is a second long by then; one capped at about a
            // millisecond makes hundreds of pauses, tens on a busy machine.
            waiter.join(1_500);
            requireStillTrying(outcome, returnedAt, start);
            long pausesBefore = Watch.pauses(waiter);
            long windowStart = System.nanoTime();
            long looks = 0;
            long running = 0;
            while (System.nanoTime() - windowStart < TimeUnit.SECONDS.toNanos(1) && outcome.get() == null) {
                looks++;
                running += Watch.paused(waiter) ? 0 : 1;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // pacing between looks
            }
            long pauses = Watch.pauses(waiter) - pausesBefore;
            double window = (System.nanoTime() - windowStart) / 1e9;
            requireStillTrying(outcome, returnedAt, start);
            // A waiter that never pauses is the back-off test's business; here, one that pauses too long.
            if (pausesBefore >= 0 && running < looks / 2 && pauses < 10) {
                semaphore.release(); // let the waiter go before failing
                assertThat(pauses)
                        .as(
                                "times the waiter paused (and so tried again) in %.1f s, after it had waited 1.5 s: a"
                                        + " doubling pause needs a cap, about a millisecond; without a cap it is seconds"
                                        + " long by now (step 4, Hint 3)",
                                window)
                        .isGreaterThanOrEqualTo(10L);
            }
            // Then the permit stays held until the waiter has paused (and tried again) 2,500 times, at most 15 s: a
            // tryAcquire that gives up after a number of tries, not at its deadline, gives up by then however busy
            // the machine (a busy machine makes each pause longer, not the tries fewer). A waiter that never pauses
            // is let go at once (the back-off test names that).
            while (outcome.get() == null
                    && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)
                    && running < looks / 2
                    && Watch.pauses(waiter) < 2_500) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // pacing between looks
            }
            requireStillTrying(outcome, returnedAt, start);
            long releasedAt = System.nanoTime();
            semaphore.release();
            waiter.join(25_000);
            assertThat(outcome.get())
                    .as(
                            "what the waiter's tryAcquire(20 s) gave, the permit released after %.1f s%s",
                            (releasedAt - start) / 1e9,
                            waiter.isAlive() ? " (still waiting 25 s after the release)" : "")
                    .isEqualTo(Boolean.TRUE);
            long millis = TimeUnit.NANOSECONDS.toMillis(returnedAt.get() - releasedAt);
            assertThat(millis)
                    .as("ms from release() to the waiter's tryAcquire returning true: a waiter must try again every"
                            + " millisecond or so (the pause grows, but to a small bound), not sleep through its"
                            + " timeout")
                    .isLessThan(2_000L);
        }
    }

    /** Fails, naming the concept, if the waiter's tryAcquire(20 s) has already given up or thrown. */
    private static void requireStillTrying(AtomicReference<Object> outcome, AtomicLong returnedAt, long start) {
        Object gave = outcome.get();
        if (gave == null) {
            return;
        }
        long after = TimeUnit.NANOSECONDS.toMillis(returnedAt.get() - start);
        if (gave instanceof Throwable t) {
            throw new AssertionError(
                    "tryAcquire(20 s) threw after " + after + " ms, while a live process (this one) held the permit: "
                            + t,
                    t);
        }
        if (Boolean.FALSE.equals(gave)) {
            throw new AssertionError("tryAcquire(20 s) gave up early: it returned false after " + after + " ms, while"
                    + " the permit was still held. It must keep trying until its deadline, the time it started + the"
                    + " timeout (step 4, Hint 2)");
        }
        throw new AssertionError("tryAcquire(20 s) returned true after " + after + " ms, while this process held the"
                + " permit: a process's second acquire must wait like any other " + WORD);
    }

    @Test
    @Telling
    @DisplayName("a holder that dies: the waiters already waiting notice within seconds, and a later tryAcquire or"
            + " acquire fails at once, each naming its pid and that it is gone")
    void deadHolder() throws Exception {
        Segment segment = Segment.create("step4-dead-holder", Fixtures.Rounds.SIZE);
        List<Thread> waiters = new ArrayList<>();
        try {
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, 8));
            semaphore.tryAcquire(Duration.ZERO); // a stub fails here, before the child starts
            semaphore.release();
            long pid;
            AtomicReference<Object> acquired = new AtomicReference<>();
            AtomicReference<Object> tried = new AtomicReference<>();
            long killedAt;
            try (ChildProcess holder = ChildJvm.main(Fixtures.Holder.class)
                    .name("holder")
                    .args(segment.name(), "8")
                    .start()) {
                Shm.awaitPrinted(holder, "held", Duration.ofSeconds(30));
                pid = holder.pid();
                assertThat(Shm.read(segment.buffer(), 8))
                        .as(
                                "the word while the child process (pid %d) holds the permit: the holder's pid %s",
                                pid, WORD)
                        .isEqualTo(pid);
                // Two waiters start waiting while the holder lives: they see a live pid when they start.
                waiters.add(waiter("k04-acquire", acquired, () -> {
                    semaphore.acquire();
                    return "acquired";
                }));
                waiters.add(waiter("k04-try-acquire", tried, () -> semaphore.tryAcquire(Duration.ofSeconds(60))));
                Watch.awaitWaiting(
                        waiters.get(0),
                        "acquire()",
                        acquired,
                        Duration.ofSeconds(20),
                        "A waiter waits while the holder lives");
                Watch.awaitWaiting(
                        waiters.get(1),
                        "tryAcquire(60 s)",
                        tried,
                        Duration.ofSeconds(20),
                        "A waiter waits while the holder lives, until its deadline");
                holder.kill();
                holder.join(Duration.ofSeconds(10));
                killedAt = System.nanoTime();
            }
            for (Thread w : waiters) {
                w.join(Math.max(1, 5_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt)));
            }
            String later = "The holder, pid %d, was killed (kill -9) while %s was already waiting for it: %s. A holder"
                    + " that died never releases: a waiter must see it is gone while it waits, not only when it starts"
                    + " (step 4, Hint 3)";
            assertThat(acquired.get())
                    .as(later, pid, "acquire()", outcome(waiters.get(0), acquired))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(tried.get())
                    .as(later, pid, "tryAcquire(60 s)", outcome(waiters.get(1), tried))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(((Throwable) acquired.get()).getMessage())
                    .as("the message of acquire()'s IllegalStateException. %s", DEAD_HOLDER)
                    .contains(String.valueOf(pid))
                    .contains("gone");
            // And a waiter that starts after the holder died.
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> Shm.within(
                    Duration.ofSeconds(8),
                    "tryAcquire(20 s), the holder, pid " + pid + ", dead already: it still waited. " + DEAD_HOLDER,
                    () -> semaphore.tryAcquire(Duration.ofSeconds(20))));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (thrown instanceof AssertionError hang) {
                throw hang;
            }
            assertThat(thrown)
                    .as(
                            "tryAcquire(20 s) after the holder, pid %d, was killed (kill -9) while holding the permit. %s",
                            pid, DEAD_HOLDER)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(pid))
                    .hasMessageContaining("gone");
            assertThat(millis)
                    .as(
                            "ms until tryAcquire(20 s) noticed the dead holder: promptly, not at its timeout. %s",
                            DEAD_HOLDER)
                    .isLessThan(5_000L);
            AtomicReference<Object> acquireFailure = new AtomicReference<>();
            Thread acquirer = waiter("k04-acquirer", acquireFailure, () -> {
                semaphore.acquire();
                return "acquired";
            });
            waiters.add(acquirer);
            acquirer.join(10_000);
            assertThat(acquireFailure.get())
                    .as(
                            "acquire() (no timeout) after the holder, pid %d, died holding the permit: it must fail, not"
                                    + " wait for ever%s. %s",
                            pid, acquirer.isAlive() ? " (it was still waiting after 10 s)" : "", DEAD_HOLDER)
                    .isInstanceOf(IllegalStateException.class);
            assertThat(((Throwable) acquireFailure.get()).getMessage())
                    .as("the message of acquire()'s IllegalStateException. %s", DEAD_HOLDER)
                    .contains(String.valueOf(pid));
            assertThat(Shm.read(segment.buffer(), 8))
                    .as("the word after the failed attempts: still the dead holder's pid (nobody took it)")
                    .isEqualTo(pid);
        } finally {
            waiters.forEach(Thread::interrupt); // any still waiting: they are daemons, and the mapping stays valid
            Shm.dispose(segment);
        }
    }

    /** Starts a daemon thread that runs {@code call} and puts what it returned or threw into {@code outcome}. */
    static Thread waiter(String name, AtomicReference<Object> outcome, Callable<Object> call) {
        Thread thread = new Thread(
                () -> {
                    try {
                        outcome.set(call.call());
                    } catch (Throwable t) {
                        outcome.set(t);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** What a waiter gave, in words: still waiting, returned something, or threw. */
    static String outcome(Thread thread, AtomicReference<Object> outcome) {
        Object gave = outcome.get();
        if (gave == null) {
            return thread.isAlive() ? "5 s later it was still waiting" : "it ended without a result";
        }
        return gave instanceof Throwable t ? "it threw " + t : "it returned " + gave;
    }

    /** A live process that is not this one: this JVM's parent (the build), which outlives the test. */
    static long livePidOtherThanThis() {
        return ProcessHandle.current()
                .parent()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .orElseThrow(() -> new AssertionError("this JVM has no live parent process to use as another holder"));
    }
}
