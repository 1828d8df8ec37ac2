package katas.lesson;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import katas.racycounter.AdderCounter;
import katas.racycounter.AtomicCounter;
import katas.racycounter.ConfinedCounting;
import katas.racycounter.NaiveCounter;
import katas.racycounter.SynchronizedCounter;
import katas.racycounter.Workers;

/**
 * The approaches the katas teach, on the reference solutions' code. Every increment is real work the JIT cannot fold
 * into one add (a {@code volatile} naive counter, a lock, an atomic instruction, a {@code LongAdder} cell); confined
 * workers and child processes count the same way. Each loop is written out for its own counter class, so that each
 * call site sees one class and costs what the counter costs, not a virtual dispatch.
 */
final class JavaApproaches {

    /** How every row makes its increments real work, printed under the table. */
    static final String REAL_WORK = "Java increments are real work: a volatile field (each ++ a real load and"
            + " store), a lock, an atomic instruction or a LongAdder cell, never a plain local the JIT could fold"
            + " into one add.";

    /** One approach: its name, its kata, and how to run it. */
    record Approach(String name, String kata, Run run) {}

    @FunctionalInterface
    interface Run {
        long count(int workers, long each) throws Exception;
    }

    private JavaApproaches() {}

    static List<Approach> all() {
        return List.of(
                new Approach("threads, one volatile counter, no lock (racy)", "01", JavaApproaches::racy),
                new Approach("threads, synchronized", "01", JavaApproaches::locked),
                new Approach("threads, AtomicLong", "01", JavaApproaches::atomic),
                new Approach("threads, LongAdder", "01", JavaApproaches::adder),
                new Approach("threads, confined: each counts alone, then add", "01", ConfinedCounting::countConfined),
                new Approach(
                        "processes + queue (Unix domain socket)",
                        "02",
                        lesson("katas.processqueue.Lesson", "countWithWorkers")),
                new Approach(
                        "processes + pipe (stdin/stdout)",
                        "03",
                        lesson("katas.processpipe.PipeLesson", "countWithChildren")),
                new Approach("processes + shared memory, no lock (racy)", "04", sharedMemory("plain")),
                new Approach("processes + shared memory, semaphore per increment", "04", sharedMemory("locked")),
                new Approach("processes + shared memory, count locally, add once", "04", sharedMemory("local")));
    }

    /** Whether the kata's reference solution that {@code approach} runs is on the class path. */
    static boolean present(Approach approach) {
        if (approach.kata().equals("01")) {
            return true;
        }
        return approach.run() instanceof Reflective r && r.method() != null;
    }

    private static long racy(int workers, long each) throws Exception {
        NaiveCounter c = new NaiveCounter();
        Workers.runInParallel(workers, i -> {
            for (long k = 0; k < each; k++) {
                c.increment();
            }
        });
        return c.get();
    }

    private static long locked(int workers, long each) throws Exception {
        SynchronizedCounter c = new SynchronizedCounter();
        Workers.runInParallel(workers, i -> {
            for (long k = 0; k < each; k++) {
                c.increment();
            }
        });
        return c.get();
    }

    private static long atomic(int workers, long each) throws Exception {
        AtomicCounter c = new AtomicCounter();
        Workers.runInParallel(workers, i -> {
            for (long k = 0; k < each; k++) {
                c.increment();
            }
        });
        return c.get();
    }

    private static long adder(int workers, long each) throws Exception {
        AdderCounter c = new AdderCounter();
        Workers.runInParallel(workers, i -> {
            for (long k = 0; k < each; k++) {
                c.increment();
            }
        });
        return c.get();
    }

    /** A kata's lesson method, {@code static long m(int workers, long each, Duration timeout)}, found by name. */
    record Reflective(Method method, String mode) implements Run {
        @Override
        public long count(int workers, long each) throws Exception {
            try {
                return mode == null
                        ? (long) method.invoke(null, workers, each, Duration.ofMinutes(10))
                        : (long) method.invoke(null, mode, workers, each, Duration.ofMinutes(10));
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }
    }

    /** Kata 04's {@code Lesson.count(mode, workers, each, timeout)}, with the mode its CountingWorker names. */
    private static Run sharedMemory(String field) {
        try {
            Class<?> worker = Class.forName("katas.sharedmemory.CountingWorker");
            String mode = (String)
                    worker.getField(field.toUpperCase(java.util.Locale.ROOT)).get(null);
            Method count = Class.forName("katas.sharedmemory.Lesson")
                    .getMethod("count", String.class, int.class, long.class, Duration.class);
            return new Reflective(count, mode);
        } catch (ReflectiveOperationException notThere) {
            return new Reflective(null, null);
        }
    }

    private static Run lesson(String className, String methodName) {
        try {
            return new Reflective(
                    Class.forName(className).getMethod(methodName, int.class, long.class, Duration.class), null);
        } catch (ReflectiveOperationException notThere) {
            return new Reflective(null, null);
        }
    }
}
