package katas.racycounter;

import java.time.Duration;
import katas.testkit.Races;

/**
 * The child JVM of {@link FixChecks#losesNothingInterpreted()}: shares one new counter between threads, round
 * after round under preemption noise ({@link Races#repeat}), until a round loses an update or the bound is
 * reached, and prints one line: {@code rounds=12 seen=false total=0 millis=612 wakeUps=9876} ({@code seen}: whether a
 * round counted wrong, {@code total}: what that round counted). The parent starts it with
 * {@link Races#interpreted} for the counter's class, so the counter runs one bytecode at a time.
 *
 * <pre>  InterpretedRounds &lt;counter class&gt; &lt;threads&gt; &lt;increments each&gt; &lt;at least rounds&gt; &lt;at most rounds&gt; &lt;budget ms&gt;</pre>
 *
 * A thread's failure (an exception in the counter) ends the child with an error and its stack trace on stderr.
 */
public final class InterpretedRounds {

    private InterpretedRounds() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: InterpretedRounds <counter class> <threads> <each> <at least>" + " <at most> <budget ms>");
        }
        Subject subject = Subject.named(args[0]);
        int threads = Integer.parseInt(args[1]);
        long each = Long.parseLong(args[2]);
        long expected = threads * each;
        Races.Outcome<Long> outcome = Races.repeat(
                Integer.parseInt(args[3]),
                Integer.parseInt(args[4]),
                Duration.ofMillis(Long.parseLong(args[5])),
                round -> {
                    long total = subject.hammer(threads, each, Duration.ofSeconds(30))
                            .get();
                    return total == expected ? null : total;
                });
        System.out.printf(
                "rounds=%d seen=%b total=%d millis=%d wakeUps=%d%n",
                outcome.tries(),
                outcome.sighting().isPresent(),
                outcome.sighting().orElse(0L),
                outcome.millis(),
                outcome.wakeUps());
    }
}
