package katas.processqueue;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;
import java.util.ArrayDeque;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of the kata's one real in-JVM race: two reader threads of the parent's queue put into one inbox
 * at the same moment. Each actor is a reader thread putting one item (1 and 2); the arbiter takes everything
 * and reports how many items it found and their sum. "2, 3" is right; "1, 1" and "1, 2" are a lost item.
 *
 * <p>The two tests are identical but for the inbox: a plain {@link ArrayDeque} (not thread-safe: both threads
 * write the same slot, one item is gone) must show the loss; the learner's {@link Inbox} must never show it.
 * Run them with {@code ./mvnw test -Pjcstress -pl katas/02-process-queue -am}; {@link RaceProofsTest} gates on
 * them. Seen on a 2-core x86_64 machine, JDK 17, {@code -m quick -iters 1}: see the numbers the build prints.
 */
public class InboxStress {

    private InboxStress() {}

    @JCStressTest
    @Outcome(id = "2, 3", expect = ACCEPTABLE, desc = "both items arrived")
    @Outcome(id = "1, [12]", expect = ACCEPTABLE_INTERESTING, desc = "an item was lost: both threads wrote one slot")
    @State
    public static class PlainArrayDeque {
        final ArrayDeque<Integer> inbox = new ArrayDeque<>();

        @Actor
        public void reader1() {
            inbox.addLast(1);
        }

        @Actor
        public void reader2() {
            inbox.addLast(2);
        }

        @Arbiter
        public void parent(II_Result r) {
            for (Integer item = inbox.pollFirst(); item != null; item = inbox.pollFirst()) {
                r.r1++;
                r.r2 += item;
            }
        }
    }

    @JCStressTest
    @Outcome(id = "2, 3", expect = ACCEPTABLE, desc = "both items arrived")
    @Outcome(id = "1, [12]", expect = FORBIDDEN, desc = "an item was lost: both threads wrote one slot")
    @State
    public static class LearnersInbox {
        final Inbox<Integer> inbox = new Inbox<>(4);

        @Actor
        public void reader1() {
            put(1);
        }

        @Actor
        public void reader2() {
            put(2);
        }

        @Arbiter
        public void parent(II_Result r) {
            try {
                for (Integer item = inbox.poll(Duration.ZERO); item != null; item = inbox.poll(Duration.ZERO)) {
                    r.r1++;
                    r.r2 += item;
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e); // jcstress methods throw no checked exceptions
            }
        }

        private void put(int item) {
            try {
                inbox.put(item); // capacity 4: never waits here
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
