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
import java.util.concurrent.atomic.AtomicLong;
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
        assertThat(out).as("three polls after putting a, b, c: first in, first out").containsExactly("a", "b", "c");
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
        assertThat(millis).as("how long poll(300 ms) waited, in ms: about the timeout, not 0 and not forever")
                .isBetween(250L, 5_000L);
        assertThat(inbox.poll(Duration.ZERO)).as("poll(Duration.ZERO) of an empty inbox: at once, null").isNull();
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
        assertThat(polled.get(5, TimeUnit.SECONDS)).as("what the waiting poll returned").isEqualTo("hello");
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
            assertThat(inbox.size()).as("size of the full inbox while put waits").isEqualTo(2);
            assertThat(inbox.poll(Duration.ofSeconds(1))).as("the first item").isEqualTo(1);
            third.get(5, TimeUnit.SECONDS);
            assertThat(inbox.poll(Duration.ofSeconds(1))).as("the second item").isEqualTo(2);
            assertThat(inbox.poll(Duration.ofSeconds(1))).as("the third item, put once there was room").isEqualTo(3);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    @DisplayName("4 threads x 200,000 puts, one taker: nothing lost, nothing duplicated, FIFO per thread")
    void manyPuttersOneTaker() throws Exception {
        int putters = 4;
        int each = 200_000;
        Inbox<Long> inbox = new Inbox<>(1024);
        long[] next = new long[putters];
        AtomicLong taken = new AtomicLong();
        List<String> problems = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> taker = CompletableFuture.runAsync(() -> {
            try {
                while (taken.get() < (long) putters * each && problems.isEmpty()) {
                    Long item = inbox.poll(Duration.ofSeconds(5));
                    if (item == null) {
                        problems.add("no item for 5 s after " + taken.get() + " of " + (long) putters * each
                                + " (items were lost)");
                        break;
                    }
                    int putter = (int) (item >>> 32);
                    long seq = item & 0xffff_ffffL;
                    if (putter < 0 || putter >= putters || seq != next[putter]) {
                        problems.add(String.format("item %d of thread %d arrived where item %d of that thread was"
                                + " expected (lost, duplicated, corrupted or out of order)", seq, putter,
                                putter >= 0 && putter < putters ? next[putter] : -1));
                        break;
                    }
                    next[putter]++;
                    taken.incrementAndGet();
                }
            } catch (Throwable e) {
                problems.add("the taker failed: " + e);
            }
        });
        Throwable putFailure = null;
        try {
            Together.run(putters, Duration.ofSeconds(40), p -> {
                try {
                    for (long i = 0; i < each; i++) {
                        inbox.put(((long) p << 32) | i);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
            });
        } catch (AssertionError e) {
            putFailure = e;
        }
        try {
            taker.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            problems.add("the taker did not finish within 30 s after the putters");
        }
        assertThat(putFailure).as("the putting threads: %s", THREAD_SAFE).isNull();
        assertThat(problems).as("what the taker saw: %s", THREAD_SAFE).isEmpty();
        assertThat(taken.get()).as("items taken of 800,000 put: %s", THREAD_SAFE).isEqualTo((long) putters * each);
    }

    @Test
    @DisplayName("refuses a capacity below 1, a null item and a null or negative timeout")
    void refusesBadInput() {
        assertThatThrownBy(() -> new Inbox<String>(0)).as("new Inbox(0)").isInstanceOf(IllegalArgumentException.class);
        Inbox<String> inbox = new Inbox<>(1);
        assertThatThrownBy(() -> inbox.put(null)).as("put(null)").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> inbox.poll(null)).as("poll(null)").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> inbox.poll(Duration.ofMillis(-1))).as("poll(-1 ms)")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
