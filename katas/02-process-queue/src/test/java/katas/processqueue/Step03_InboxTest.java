package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import katas.testkit.ClassCalls;
import katas.testkit.Expect;
import katas.testkit.Races;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.Together;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

@Step(3)
@DisplayName("Step 3: one inbox, many reader threads - thread-safe and bounded")
@Timeout(60)
class Step03_InboxTest {

    static final String THREAD_SAFE = "Several reader threads put into one inbox while the parent takes: the inbox must"
            + " be thread-safe (step 3, Hint 3)";

    static final String FIFO = "An inbox is a queue: first in, first out, each thread's items in the order that thread"
            + " put them (step 3, Hint 3)";

    static final String BOUNDED = "The inbox must never hold more than its capacity: put must check for room and insert"
            + " in one step, under one lock, not as a check-then-act; a count kept by hand outside the lock has lost"
            + " updates (step 3, Hint 3)";

    static final String WHILE_NOT_IF = "A thread woken from a wait must check its condition again before it acts:"
            + " another thread may have got there first. Wait in a loop: while, not if (step 3, Hint 3)";

    static final String WAKE_UP = "A waiting thread must be woken by the change it waits for: put wakes a waiting poll,"
            + " poll a waiting put, on the same lock they wait on (step 3, Hint 3)";

    static final String LOST_WAKEUP = "Putters and takers wait for different things: notify() may wake one of the wrong"
            + " kind while the thread that could go on sleeps, and the wakeup is lost. Use notifyAll(), or two"
            + " Conditions (step 3, Hint 3)";

    static final String SAME_LOCK =
            "Your inbox wakes every waiter, yet every thread slept: a notifyAll (signalAll) wakes"
                    + " only the threads waiting on that same object. Do put and poll wait and wake on the same lock (step 3,"
                    + " Hint 3)?";

    /**
     * Whether the compiled Inbox (and its nest) takes no lock at all: no synchronized method or block, no class of
     * java.util.concurrent (a lock, a queue, an atomic). Every race then follows from that, whatever a test saw.
     */
    static boolean takesNoLock() {
        ClassCalls inbox = ClassCalls.of(Inbox.class);
        boolean monitor = inbox.methods().stream().anyMatch(m -> m.opcodes().contains(MONITORENTER));
        boolean synchronizedMethod = Arrays.stream(Inbox.class.getNestMembers())
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .anyMatch(m -> Modifier.isSynchronized(m.getModifiers()));
        boolean concurrent = inbox.classes().stream().anyMatch(c -> c.startsWith("java/util/concurrent/"));
        return !monitor && !synchronizedMethod && !concurrent;
    }

    private static final int MONITORENTER = 0xc2;

    /** The lesson of a race test: {@code lesson}, or thread safety itself when the Inbox takes no lock at all. */
    static String raceLesson(String lesson) {
        return takesNoLock()
                ? "Your Inbox takes no lock at all (no synchronized, no java.util.concurrent class). " + THREAD_SAFE
                : lesson;
    }

    /**
     * What to say about a lost wakeup, from what the compiled Inbox calls: notify() (or Condition.signal) wakes one
     * waiter, maybe of the wrong kind; an inbox that wakes every waiter already lost it another way.
     */
    static String wakeUpLesson() {
        ClassCalls inbox = ClassCalls.of(Inbox.class);
        boolean wakesOne = inbox.callsNamed("notify", "()V") || inbox.callsNamed("signal", "()V");
        boolean wakesAll = inbox.callsNamed("notifyAll", "()V") || inbox.callsNamed("signalAll", "()V");
        return wakesAll && !wakesOne ? SAME_LOCK : LOST_WAKEUP;
    }

    static final String TIME_LIMIT = "poll(timeout) must wait at most its timeout: wait() and wait(0) have no time"
            + " limit, they wait until notified, forever if nothing comes. Wait for the time left until the deadline, in"
            + " a loop (wait(millis), Condition.awaitNanos, or a BlockingQueue's poll(timeout, unit))";

    /** How {@link #putAndTake} begins what it saw when nothing was lost or duplicated, only reordered. */
    static final String OUT_OF_ORDER = "out of order:";

    /** The thread-safety test: 8 threads put 25,000 items each, into an inbox with room for all of them. */
    static final int PUTTERS = 8;

    static final int EACH = 25_000;
    /** The capacity test: 4 threads put and take 5,000 times each, at the last free place of an inbox of 2. */
    static final int RACERS = 4;

    static final int RACES_EACH = 5_000;
    /** The wake-up test: 2 putters and 2 takers, 2,000 items each putter, through an inbox of capacity 1. */
    static final int WAKE_ITEMS = 2_000;
    /** How long nothing may move, with an item waiting in the inbox, before the wake-up test calls it lost. */
    static final long STALL_MILLIS = 1_500;

    @Test
    @Telling
    @DisplayName("items come out in the order they went in")
    void fifo() throws Exception {
        Inbox<String> inbox = new Inbox<>(4);
        inbox.put("a");
        inbox.put("b");
        inbox.put("c");
        assertThat(inbox.size()).as("size after 3 puts").isEqualTo(3);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(inbox.poll(Duration.ofSeconds(1)));
        }
        assertThat(out).as("three polls after putting a, b, c. %s", FIFO).containsExactly("a", "b", "c");
        assertThat(inbox.size()).as("size after taking everything").isZero();
    }

    @Test
    @DisplayName("poll on an empty inbox waits about its timeout, then returns null")
    void pollTimesOut() throws Exception {
        Inbox<String> inbox = new Inbox<>(1);
        inbox.size(); // a stub fails here, at once
        Call<String> poll = new Call<>("poll-300ms", () -> inbox.poll(Duration.ofMillis(300)));
        String got = poll.await(
                5_000,
                "poll(300 ms) of an empty inbox was still waiting after 5 s, and was interrupted. " + TIME_LIMIT);
        assertThat(got).as("poll(300 ms) of an empty inbox").isNull();
        assertThat(poll.millis())
                .as("how long poll(300 ms) waited, in ms: about the timeout, not 0 and not forever")
                .isBetween(250L, 5_000L);
        Call<String> now = new Call<>("poll-zero", () -> inbox.poll(Duration.ZERO));
        assertThat(now.await(5_000, "poll(Duration.ZERO) of an empty inbox was still waiting after 5 s. " + TIME_LIMIT))
                .as("poll(Duration.ZERO) of an empty inbox: at once, null")
                .isNull();
    }

    @Test
    @DisplayName("poll wakes up as soon as an item arrives from another thread")
    void pollWakesUp() throws Exception {
        Inbox<String> inbox = new Inbox<>(1);
        inbox.size(); // a stub fails here, at once
        Call<String> polled = new Call<>("poll-20s", () -> inbox.poll(Duration.ofSeconds(20)));
        try {
            assertThat(polled.doneWithin(200))
                    .as(
                            "poll(20 s) returned within 200 ms (%s), but nothing was put yet: it must wait",
                            polled.outcome())
                    .isFalse();
            long start = System.nanoTime();
            inbox.put("hello");
            assertThat(polled.await(
                            5_000,
                            "a poll(20 s) that was waiting when another thread put \"hello\" had not returned 5 s later."
                                    + " " + WAKE_UP))
                    .as("what the waiting poll returned")
                    .isEqualTo("hello");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("ms from put to the waiting poll's return: a waiting poll is woken, it does not sleep its"
                            + " timeout")
                    .isLessThan(2_000L);
        } finally {
            polled.stop();
        }
    }

    @Test
    @DisplayName("the inbox is bounded: put waits while it is full, and goes on when an item is taken")
    void bounded() throws Exception {
        Inbox<Integer> inbox = new Inbox<>(2);
        inbox.put(1);
        inbox.put(2);
        Call<Void> third = new Call<>("put-3", () -> {
            inbox.put(3);
            return null;
        });
        try {
            assertThat(third.doneWithin(300))
                    .as(
                            "put into a full inbox of capacity 2 returned (%s): it must wait (back-pressure), not add a"
                                    + " third item and not throw",
                            third.outcome())
                    .isFalse();
            assertThat(inbox.size())
                    .as("size of the full inbox while put waits")
                    .isEqualTo(2);
            assertThat(inbox.poll(Duration.ofSeconds(1)))
                    .as("the first poll of a full inbox after putting 1 and 2: 1, first in, first out")
                    .isEqualTo(1);
            third.await(
                    5_000,
                    "a put that was waiting for room in a full inbox was still waiting 5 s after poll took an item."
                            + " " + WAKE_UP);
            assertThat(inbox.poll(Duration.ofSeconds(1))).as("the second item").isEqualTo(2);
            assertThat(inbox.poll(Duration.ofSeconds(1)))
                    .as("the third item, put once there was room")
                    .isEqualTo(3);
        } finally {
            third.stop();
        }
    }

    @Test
    @DisplayName(
            "two putters wait on a full inbox of capacity 1; one poll makes room for one: one puts, the other waits"
                    + " on")
    void oneRoomOnePutter() throws Exception {
        Inbox<Integer> inbox = new Inbox<>(1);
        inbox.put(0);
        Call<Void> first = new Call<>("put-1", () -> {
            inbox.put(1);
            return null;
        });
        Call<Void> second = new Call<>("put-2", () -> {
            inbox.put(2);
            return null;
        });
        try {
            assertThat(first.doneWithin(300) || second.doneWithin(0))
                    .as(
                            "a put into a full inbox of capacity 1 returned (%s, %s): it must wait for room",
                            first.outcome(), second.outcome())
                    .isFalse();
            assertThat(inbox.poll(Duration.ofSeconds(1)))
                    .as("the item that filled the inbox")
                    .isEqualTo(0);
            Call<Void> woken = first.doneWithin(5_000) ? first : second.doneWithin(0) ? second : null;
            if (woken == null) {
                throw new AssertionFailedError("two putters waited for room in a full inbox; a poll took its item, and"
                        + " neither putter had put 5 s later. " + WAKE_UP);
            }
            woken.await(0, "");
            Call<Void> other = woken == first ? second : first;
            boolean otherPut = other.doneWithin(300);
            int size = inbox.size();
            assertThat(otherPut || size > 1)
                    .as(
                            "two putters waited for room in a full inbox of capacity 1; a poll made room for one item, and"
                                    + " both putters put (%s): the inbox holds %d. %s",
                            other.outcome(), size, WHILE_NOT_IF)
                    .isFalse();
            assertThat(inbox.poll(Duration.ofSeconds(1)))
                    .as("the item the woken putter put")
                    .isNotNull();
            other.await(5_000, "the second putter was still waiting 5 s after the inbox had room again. " + WAKE_UP);
            assertThat(inbox.poll(Duration.ofSeconds(1)))
                    .as("the item of the second putter")
                    .isNotNull();
        } finally {
            first.stop();
            second.stop();
        }
    }

    @Test
    @DisplayName("two polls wait on an empty inbox; one item comes: one poll gets it, the other waits on until its own"
            + " item")
    void oneItemOnePoller() throws Exception {
        Inbox<String> inbox = new Inbox<>(2);
        inbox.size(); // a stub fails here, at once
        Call<String> first = new Call<>("poll-1", () -> inbox.poll(Duration.ofSeconds(10)));
        Call<String> second = new Call<>("poll-2", () -> inbox.poll(Duration.ofSeconds(10)));
        try {
            assertThat(first.doneWithin(300) || second.doneWithin(0))
                    .as(
                            "a poll(10 s) of an empty inbox returned (%s, %s): it must wait",
                            first.outcome(), second.outcome())
                    .isFalse();
            inbox.put("a");
            Call<String> woken = first.doneWithin(5_000) ? first : second.doneWithin(0) ? second : null;
            if (woken == null) {
                throw new AssertionFailedError("two polls waited on an empty inbox; an item was put, and neither poll"
                        + " had returned 5 s later. " + WAKE_UP);
            }
            Call<String> other = woken == first ? second : first;
            String got = woken.await(0, "");
            if (got == null) {
                other.await(5_000, "");
            }
            boolean otherReturned = other.doneWithin(500);
            String otherGot = otherReturned ? other.await(0, "") : null;
            assertThat(got == null ? otherGot : got)
                    .as(
                            "what the polls returned after one item \"a\" was put (%s, %s)",
                            first.outcome(), second.outcome())
                    .isEqualTo("a");
            assertThat(otherReturned)
                    .as(
                            "two polls (10 s) waited on an empty inbox; one item was put, one poll took it, and the other"
                                    + " returned too (%s), long before its 10 s were over: woken, it found the inbox empty and"
                                    + " gave up. %s",
                            got == null ? woken.outcome() : other.outcome(), WHILE_NOT_IF)
                    .isFalse();
            inbox.put("b");
            assertThat(other.await(5_000, "a poll(10 s) was still waiting 5 s after a second item was put. " + WAKE_UP))
                    .as("what the second poll returned: the second item")
                    .isEqualTo("b");
        } finally {
            first.stop();
            second.stop();
        }
    }

    @Test
    @DisplayName(
            "2 putters and 2 takers through an inbox of capacity 1, 3 to 30 rounds: every waiting thread is woken when"
                    + " it can go on")
    void noLostWakeUps() throws Exception {
        new Inbox<Long>(1).size(); // a stub fails here, at once
        Races.Outcome<String> lost =
                Races.repeat(3, 30, Duration.ofMillis(1_000), round -> putAndTakeByTurns(2, WAKE_ITEMS));
        System.out.printf(
                "  Inbox of capacity 1, 2 putters x %,d items and 2 takers: %s, %s%n",
                WAKE_ITEMS, lost.summary("round"), lost.sighting().isPresent() ? "STUCK" : "never stuck");
        String seen = lost.seen();
        assertThat(seen)
                .as(
                        "what went wrong with 2 putters and 2 takers sharing an inbox of capacity 1 (%s): %s",
                        lost.summary("round"),
                        seen != null && seen.contains("before its timeout") ? "" : wakeUpLesson())
                .isNull();
    }

    /**
     * One round of {@link #noLostWakeUps}: {@code pairs} putters put {@code each} items each into an inbox of capacity
     * 1 while {@code pairs} takers poll (10 s) them. With capacity 1 they all wait often, putters for room, takers for
     * an item. Returns what went wrong: nothing moved for {@value #STALL_MILLIS} ms (every thread waiting, none woken:
     * a lost wakeup), or a poll that gave up before its timeout; null if every item went through.
     */
    private static String putAndTakeByTurns(int pairs, int each) throws Exception {
        Inbox<Long> inbox = new Inbox<>(1);
        long total = (long) pairs * each;
        AtomicLong moved = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Call<Void>> threads = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            threads.add(new Call<>("putter-" + p, () -> {
                for (long i = 0; i < each; i++) {
                    inbox.put(i);
                    moved.incrementAndGet();
                }
                return null;
            }));
        }
        for (int t = 0; t < pairs; t++) {
            threads.add(new Call<>("taker-" + t, () -> {
                while (taken.get() < total) {
                    long start = System.nanoTime();
                    Long item = inbox.poll(Duration.ofSeconds(10));
                    if (item == null) {
                        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        if (taken.get() < total && waited < 9_000) {
                            problems.add("a poll(10 s) returned null after " + waited + " ms, with " + taken.get()
                                    + " of " + total + " items taken: it gave up before its timeout. " + WHILE_NOT_IF);
                        }
                        return null;
                    }
                    if (item < 0) {
                        return null; // the other taker took the last item
                    }
                    moved.incrementAndGet();
                    if (taken.incrementAndGet() == total) {
                        for (int other = 1; other < pairs; other++) {
                            inbox.put(-1L); // wakes the takers still waiting
                        }
                        return null;
                    }
                }
                return null;
            }));
        }
        try {
            long lastMoved = -1;
            long stalledSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (Call<Void> thread : threads) {
                while (!thread.doneWithin(20) && problems.isEmpty()) {
                    long now = System.nanoTime();
                    long m = moved.get();
                    if (m != lastMoved) {
                        lastMoved = m;
                        stalledSince = now;
                    } else if (now - stalledSince > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
                        return "nothing moved for " + STALL_MILLIS + " ms, with " + taken.get() + " of " + total
                                + " items taken and " + inbox.size() + " in the inbox: every thread was waiting for"
                                + " another to wake it, and none did (a lost wakeup). Threads: " + states(threads);
                    }
                    if (now - deadline > 0) {
                        return "the round did not finish within 10 s: " + taken.get() + " of " + total
                                + " items taken. Threads: " + states(threads);
                    }
                }
                if (!problems.isEmpty()) {
                    return problems.get(0);
                }
                thread.await(0, ""); // rethrows what the thread threw
            }
            return taken.get() == total ? null : "only " + taken.get() + " of " + total + " items were taken";
        } finally {
            threads.forEach(Call::stop);
        }
    }

    private static String states(List<Call<Void>> threads) {
        StringBuilder s = new StringBuilder();
        for (Call<Void> t : threads) {
            s.append(s.length() == 0 ? "" : ", ")
                    .append(t.thread.getName())
                    .append(' ')
                    .append(t.outcome());
        }
        return s.toString();
    }

    @Test
    @DisplayName("8 threads x 25,000 puts while one thread takes, 2 to 10 rounds under preemption noise: nothing lost,"
            + " nothing duplicated, FIFO per thread")
    void manyPuttersOneTaker() throws Exception {
        // Rounds under preemption noise (Races), so that an inbox that is not thread-safe fails on a busy or single
        // CPU too, where the threads only take turns, and not only where they really run at once. The inbox has room
        // for everything: a putter that never waits for room runs until the scheduler preempts it, anywhere, also in
        // the middle of an insert (measured pinned to one CPU, a plain ArrayDeque went wrong in 19 rounds of 20 so;
        // with a capacity of 1024, where putters mostly wait, in 0 to 1 of 20).
        Races.Outcome<String> wrong =
                Races.repeat(2, 10, Duration.ofSeconds(2), round -> putAndTake(PUTTERS, EACH, PUTTERS * EACH));
        System.out.printf(
                "  Inbox, %d threads x %,d puts while one takes: %s, %s%n",
                PUTTERS,
                EACH,
                wrong.summary("round"),
                wrong.sighting().isPresent() ? "WENT WRONG" : "all arrived, once, in order");
        String seen = wrong.seen();
        assertThat(seen)
                .as(
                        "what went wrong with %d threads putting and one taking (%s): %s",
                        PUTTERS,
                        wrong.summary("round"),
                        seen != null && seen.startsWith(OUT_OF_ORDER) ? FIFO : THREAD_SAFE)
                .isNull();
    }

    @Test
    @DisplayName("4 threads put and take 5,000 times each at the last free place of an inbox of capacity 2, 10 to 200"
            + " rounds under preemption noise: it never holds more than its capacity")
    void neverOverCapacity() throws Exception {
        new Inbox<Long>(2).size(); // a stub fails here, at once
        Races.Outcome<String> wrong =
                Races.repeat(10, 200, Duration.ofMillis(1_500), round -> overCapacity(RACERS, RACES_EACH, 2));
        System.out.printf(
                "  Inbox of capacity 2, %d threads x %,d put-and-takes: %s, %s%n",
                RACERS,
                RACES_EACH,
                wrong.summary("round"),
                wrong.sighting().isPresent() ? "OVER CAPACITY" : "never over capacity");
        assertThat(wrong.seen())
                .as(
                        "what went wrong with %d threads putting into an inbox of capacity 2 (%s): %s",
                        RACERS, wrong.summary("round"), wrong.seen() == null ? BOUNDED : raceLesson(BOUNDED))
                .isNull();
    }

    /**
     * One round of {@link #manyPuttersOneTaker}: {@code putters} threads put {@code each} numbered items into one new
     * inbox while another thread takes them and checks each putter's sequence. Returns what went wrong, or
     * {@code null} if every item arrived once, in order per putter.
     */
    private static String putAndTake(int putters, int each, int capacity) throws Exception {
        Inbox<Long> inbox = new Inbox<>(capacity);
        long total = (long) putters * each;
        long[] next = new long[putters];
        BitSet[] arrived = new BitSet[putters];
        for (int p = 0; p < putters; p++) {
            arrived[p] = new BitSet(each);
        }
        AtomicReference<String> firstOutOfOrder = new AtomicReference<>();
        AtomicLong taken = new AtomicLong();
        AtomicBoolean putsReturned = new AtomicBoolean();
        List<String> problems = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> taker = CompletableFuture.runAsync(() -> {
            try {
                long lastItem = System.nanoTime();
                while (taken.get() < total) {
                    boolean allPut = putsReturned.get(); // read before the poll: then a null poll means nothing is left
                    Long item = inbox.poll(Duration.ofMillis(50));
                    if (item == null) {
                        if (allPut) {
                            problems.add("every put had returned, but the inbox was empty after " + taken.get() + " of "
                                    + total + " items (items were lost)");
                            return;
                        }
                        if (System.nanoTime() - lastItem > TimeUnit.SECONDS.toNanos(5)) {
                            problems.add(
                                    "no item for 5 s after " + taken.get() + " of " + total + " (items were lost)");
                            return;
                        }
                        continue;
                    }
                    lastItem = System.nanoTime();
                    if (!problems.isEmpty()) {
                        continue; // seen: only drain now, so that the putters can finish
                    }
                    int putter = (int) (item >>> 32);
                    long seq = item & 0xffff_ffffL;
                    if (putter < 0 || putter >= putters || seq >= each) {
                        problems.add("item " + Long.toHexString(item) + " arrived, which no thread put (corrupted)");
                        continue;
                    }
                    if (arrived[putter].get((int) seq)) {
                        problems.add(String.format("item %d of thread %d arrived twice (duplicated)", seq, putter));
                        continue;
                    }
                    arrived[putter].set((int) seq);
                    if (seq != next[putter] && firstOutOfOrder.get() == null) {
                        firstOutOfOrder.set(String.format(
                                "item %d of thread %d arrived where item %d of that thread was expected",
                                seq, putter, next[putter]));
                    }
                    next[putter] = Math.max(next[putter], seq + 1);
                    taken.incrementAndGet();
                }
            } catch (Throwable e) {
                problems.add("the taker failed: " + e);
            }
        });
        String putFailure = null;
        try {
            Together.run(putters, Duration.ofSeconds(10), p -> {
                try {
                    for (long i = 0; i < each; i++) {
                        inbox.put(((long) p << 32) | i);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
            });
        } catch (AssertionError e) {
            putFailure = "the putting threads: " + e.getMessage();
        } finally {
            putsReturned.set(true);
        }
        try {
            taker.get(15, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            problems.add("the taker did not finish within 15 s after the putters");
        }
        boolean putterThrew = putFailure != null && !putFailure.contains("did not finish");
        if (putterThrew) { // the cause; what the taker saw then follows from it
            return putFailure + (problems.isEmpty() ? "" : "; the taker then saw: " + problems.get(0));
        }
        if (!problems.isEmpty()) { // the cause; putters stuck in put follow from it
            return problems.get(0)
                    + (firstOutOfOrder.get() == null ? "" : "; before that, " + firstOutOfOrder.get())
                    + (putFailure == null ? "" : "; and " + putFailure);
        }
        if (putFailure != null) {
            return putFailure;
        }
        if (taken.get() != total) {
            return "items taken: " + taken.get() + " of " + total;
        }
        if (firstOutOfOrder.get() != null) {
            return OUT_OF_ORDER + " every item arrived once, but " + firstOutOfOrder.get();
        }
        int size = inbox.size();
        return size == 0
                ? null
                : "size() says " + size + " after every item was put and taken: a count of the items kept by hand"
                        + " went wrong: count++ and count-- of several threads at once lose updates (a lost update,"
                        + " as in kata 01) unless they happen under the same lock as the insert and the removal";
    }

    /**
     * One round of {@link #neverOverCapacity}: a new inbox of {@code capacity} starts with {@code capacity - 1} items,
     * then {@code threads} threads each put an item, check the size, and take an item, {@code each} times: the inbox
     * stays at its last free place, and the threads race for it. Returns the first size over the capacity that a
     * thread saw after its put, or a size() at the end that is not {@code capacity - 1}, or {@code null}.
     *
     * <p>Each thread puts and takes by turns, with no thread that only takes: so the threads wait only while another
     * thread holds the last place, and otherwise run until the scheduler preempts them, anywhere, also between a
     * check for room and the insert. (With separate putters and a taker, they mostly wait for each other, and on one
     * CPU change turns only where they wait: never between the check and the insert.)
     */
    private static String overCapacity(int threads, int each, int capacity) throws Exception {
        Inbox<Integer> inbox = new Inbox<>(capacity);
        for (int i = 1; i < capacity; i++) {
            inbox.put(-i);
        }
        AtomicReference<String> over = new AtomicReference<>();
        try {
            putAndTakeTogether(inbox, threads, each, capacity, over);
        } catch (AssertionError e) {
            if (!takesNoLock()) {
                throw e;
            }
            // A deque that no lock guards can be corrupted so that a put spins for ever: the race itself.
            return "the threads did not all finish: " + e.getMessage();
        }
        if (over.get() != null) {
            return "an inbox of capacity " + capacity + " held more: " + over.get();
        }
        int size = inbox.size();
        return size == capacity - 1
                ? null
                : "size() says " + size + " after every thread took out what it put, with " + (capacity - 1)
                        + " item(s) left in the inbox: a count of the items kept by hand went wrong (a lost update)";
    }

    private static void putAndTakeTogether(
            Inbox<Integer> inbox, int threads, int each, int capacity, AtomicReference<String> over)
            throws InterruptedException {
        Together.run(threads, Duration.ofSeconds(10), t -> {
            try {
                for (int i = 0; i < each && over.get() == null; i++) {
                    inbox.put(i);
                    int size = inbox.size();
                    if (size > capacity) {
                        over.compareAndSet(null, "thread " + t + " found size() " + size + " after its put");
                    }
                    if (inbox.poll(Duration.ofSeconds(5)) == null) {
                        over.compareAndSet(
                                null,
                                "thread " + t + " found it empty right after its own put (an item"
                                        + " was lost: see the thread-safety test)");
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    @Test
    @DisplayName("refuses a capacity below 1, a null item and a null or negative timeout")
    void refusesBadInput() {
        Expect.thrownBy("new Inbox(0): an inbox needs room for at least one item", () -> new Inbox<String>(0))
                .isInstanceOf(IllegalArgumentException.class);
        Inbox<String> inbox = new Inbox<>(1);
        Expect.thrownBy(
                        "put(null): an inbox holds no null items (null is what poll returns for none)",
                        () -> inbox.put(null))
                .isInstanceOf(NullPointerException.class);
        Expect.thrownBy("poll(null)", () -> inbox.poll(null)).isInstanceOf(NullPointerException.class);
        Expect.thrownBy("poll(-1 ms)", () -> inbox.poll(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A call on a daemon thread of its own, so that a test can wait for it within a bound, and interrupt it (a put or
     * a poll waiting for ever) when it is done with it.
     */
    static final class Call<T> {
        final Thread thread;
        final CompletableFuture<T> result = new CompletableFuture<>();
        final long started = System.nanoTime();
        volatile long ended;

        Call(String name, Callable<T> body) {
            thread = new Thread(
                    () -> {
                        try {
                            T value = body.call();
                            ended = System.nanoTime();
                            result.complete(value);
                        } catch (Throwable e) {
                            ended = System.nanoTime();
                            result.completeExceptionally(e);
                        }
                    },
                    name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Whether the call returned or threw within {@code millis}. */
        boolean doneWithin(long millis) throws InterruptedException {
            try {
                result.get(millis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true;
            }
            return true;
        }

        /**
         * What the call returned, waiting at most {@code millis}; rethrows what it threw. If it is still running then,
         * interrupts it and fails with {@code lesson}.
         */
        T await(long millis, String lesson) throws Exception {
            try {
                return result.get(millis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                thread.interrupt();
                throw new AssertionFailedError(lesson);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }

        /** How long the call took, in ms, or has been running so far. */
        long millis() {
            long end = result.isDone() ? ended : System.nanoTime();
            return TimeUnit.NANOSECONDS.toMillis(end - started);
        }

        /** For messages: {@code "returned null after 3 ms"}, {@code "still waiting after 812 ms"}... */
        String outcome() {
            if (!result.isDone()) {
                return thread.getName() + " still waiting after " + millis() + " ms (" + thread.getState() + ")";
            }
            try {
                return thread.getName() + " returned " + result.getNow(null) + " after " + millis() + " ms";
            } catch (RuntimeException e) {
                return thread.getName() + " threw " + e.getCause() + " after " + millis() + " ms";
            }
        }

        void stop() {
            thread.interrupt();
        }
    }
}
