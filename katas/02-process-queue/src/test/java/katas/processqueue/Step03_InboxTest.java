package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import katas.testkit.Races;
import katas.testkit.Step;
import katas.testkit.Together;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Step(3)
@DisplayName("Step 3: one inbox, many reader threads - thread-safe and bounded")
@Timeout(60)
class Step03_InboxTest {

    static final String THREAD_SAFE = "Several reader threads put into one inbox while the parent takes: the inbox must"
            + " be thread-safe (a java.util.concurrent queue, or a lock around every access). A plain ArrayDeque"
            + " loses, duplicates or corrupts items when two threads add at once";

    static final String BOUNDED = "The inbox must never hold more than its capacity, however many threads put at once:"
            + " put must check for room and insert in one step, under one lock (as ArrayBlockingQueue.put does)."
            + " Checking size() first and adding afterwards is a check-then-act: two putters both see the last free"
            + " place, and both add";

    /** The thread-safety test: 8 threads put 25,000 items each, into an inbox with room for all of them. */
    static final int PUTTERS = 8;

    static final int EACH = 25_000;
    /** The capacity test: 4 threads put and take 5,000 times each, at the last free place of an inbox of 2. */
    static final int RACERS = 4;

    static final int RACES_EACH = 5_000;

    @Test
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
        assertThat(out)
                .as("three polls after putting a, b, c: first in, first out")
                .containsExactly("a", "b", "c");
        assertThat(inbox.size()).as("size after taking everything").isZero();
    }

    @Test
    @DisplayName("poll on an empty inbox waits about its timeout, then returns null")
    void pollTimesOut() throws Exception {
        Inbox<String> inbox = new Inbox<>(1);
        long start = System.nanoTime();
        String got = inbox.poll(Duration.ofMillis(300));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(got).as("poll(300 ms) of an empty inbox").isNull();
        assertThat(millis)
                .as("how long poll(300 ms) waited, in ms: about the timeout, not 0 and not forever")
                .isBetween(250L, 5_000L);
        assertThat(inbox.poll(Duration.ZERO))
                .as("poll(Duration.ZERO) of an empty inbox: at once, null")
                .isNull();
    }

    @Test
    @DisplayName("poll wakes up as soon as an item arrives from another thread")
    void pollWakesUp() throws Exception {
        Inbox<String> inbox = new Inbox<>(1);
        CompletableFuture<String> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return inbox.poll(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> polled.get(200, TimeUnit.MILLISECONDS))
                .as("poll(20 s) must still be waiting 200 ms later: nothing was put yet")
                .isInstanceOf(TimeoutException.class);
        long start = System.nanoTime();
        inbox.put("hello");
        assertThat(polled.get(5, TimeUnit.SECONDS))
                .as("what the waiting poll returned")
                .isEqualTo("hello");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("ms from put to the waiting poll's return: a waiting poll is woken, it does not sleep its timeout")
                .isLessThan(2_000L);
    }

    @Test
    @DisplayName("the inbox is bounded: put waits while it is full, and goes on when an item is taken")
    void bounded() throws Exception {
        Inbox<Integer> inbox = new Inbox<>(2);
        inbox.put(1);
        inbox.put(2);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> third = thread.submit(() -> {
                inbox.put(3);
                return null;
            });
            assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS))
                    .as("put into a full inbox of capacity 2 must wait (back-pressure), not add a third item"
                            + " and not throw")
                    .isInstanceOf(TimeoutException.class);
            assertThat(inbox.size())
                    .as("size of the full inbox while put waits")
                    .isEqualTo(2);
            assertThat(inbox.poll(Duration.ofSeconds(1))).as("the first item").isEqualTo(1);
            third.get(5, TimeUnit.SECONDS);
            assertThat(inbox.poll(Duration.ofSeconds(1))).as("the second item").isEqualTo(2);
            assertThat(inbox.poll(Duration.ofSeconds(1)))
                    .as("the third item, put once there was room")
                    .isEqualTo(3);
        } finally {
            thread.shutdownNow();
        }
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
        assertThat(wrong.seen())
                .as(
                        "what went wrong with %d threads putting and one taking (%s): %s",
                        PUTTERS, wrong.summary("round"), THREAD_SAFE)
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
                        RACERS, wrong.summary("round"), BOUNDED)
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
                    if (putter < 0 || putter >= putters || seq != next[putter]) {
                        problems.add(String.format(
                                "item %d of thread %d arrived where item %d of that thread was"
                                        + " expected (lost, duplicated, corrupted or out of order)",
                                seq, putter, putter >= 0 && putter < putters ? next[putter] : -1));
                        continue;
                    }
                    next[putter]++;
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
            return problems.get(0) + (putFailure == null ? "" : "; and " + putFailure);
        }
        if (putFailure != null) {
            return putFailure;
        }
        return taken.get() == total ? null : "items taken: " + taken.get() + " of " + total;
    }

    /**
     * One round of {@link #neverOverCapacity}: a new inbox of {@code capacity} starts with {@code capacity - 1} items,
     * then {@code threads} threads each put an item, check the size, and take an item, {@code each} times: the inbox
     * stays at its last free place, and the threads race for it. Returns the first size over the capacity that a
     * thread saw after its put, or {@code null} if none did.
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
        Together.run(threads, Duration.ofSeconds(10), t -> {
            try {
                for (int i = 0; i < each && over.get() == null; i++) {
                    inbox.put(i);
                    int size = inbox.size();
                    if (size > capacity) {
                        over.compareAndSet(null, "thread " + t + " found " + size + " items in it after its put");
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
        return over.get() == null ? null : "an inbox of capacity " + capacity + " held more: " + over.get();
    }

    @Test
    @DisplayName("refuses a capacity below 1, a null item and a null or negative timeout")
    void refusesBadInput() {
        assertThatThrownBy(() -> new Inbox<String>(0)).as("new Inbox(0)").isInstanceOf(IllegalArgumentException.class);
        Inbox<String> inbox = new Inbox<>(1);
        assertThatThrownBy(() -> inbox.put(null)).as("put(null)").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> inbox.poll(null)).as("poll(null)").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> inbox.poll(Duration.ofMillis(-1)))
                .as("poll(-1 ms)")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
