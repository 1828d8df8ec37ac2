package katas.racycounter;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import katas.racycounter.spy.Watch;

/**
 * Runs the learner's {@code ConfinedCounting.countConfined} with step 6's stand-in counter ({@link
 * katas.racycounter.spy.NaiveCounter}) in place of the learner's {@code NaiveCounter}, and reports what the stand-in
 * saw ({@link Watch}): which threads counted, whether a counter was shared, and whether the workers combined their
 * counts in their own threads. With the rendezvous on, the workers reach the combine step at the same moment, so a
 * combine step that races loses counts every time, instead of once in a blue moon.
 *
 * <p>How: a class loader of its own defines the learner's {@code ConfinedCounting} (and its nested classes) from the
 * same class files as the test's, and the stand-in under the name {@code katas.racycounter.NaiveCounter} (its class
 * file with its own name changed); everything else, {@code Workers} included, comes from the test's class loader.
 * The learner's code is not changed: it runs as written, with a counter that watches.
 */
final class ConfinementSpy {

    static final String CONFINED = "katas.racycounter.ConfinedCounting";
    static final String COUNTER = "katas.racycounter.NaiveCounter";
    static final String STAND_IN = katas.racycounter.spy.NaiveCounter.class.getName();

    /** What one call did: its result, and what the counters saw. */
    record Outcome(long total, Thread caller, Watch.Call seen) {}

    private ConfinementSpy() {}

    /**
     * Calls {@code countConfined(workers, each)} with the stand-in counter, on a thread of its own, within {@code
     * limit}.
     *
     * @param rendezvous whether the workers wait for each other at the combine step (at most {@code waitMillis})
     */
    static Outcome countConfined(int workers, long each, boolean rendezvous, long waitMillis, Duration limit)
            throws Exception {
        Method countConfined;
        try {
            countConfined = new SpyLoader(ConfinementSpy.class.getClassLoader())
                    .loadClass(CONFINED)
                    .getMethod("countConfined", int.class, long.class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("could not load " + CONFINED + " with the stand-in counter: " + e, e);
        }
        AtomicReference<Thread> caller = new AtomicReference<>();
        Watch.Call seen = Watch.start(workers, each, rendezvous, waitMillis);
        try {
            long total = Bounded.call(
                    String.format("countConfined(%d, %,d)", workers, each), limit, Step06_ConfinementTest.HANG, () -> {
                        caller.set(Thread.currentThread());
                        try {
                            return (Long) countConfined.invoke(null, workers, each);
                        } catch (InvocationTargetException e) {
                            Throwable cause = e.getCause();
                            if (cause instanceof Exception ex) {
                                throw ex;
                            }
                            throw (Error) cause;
                        }
                    });
            return new Outcome(total, caller.get(), seen);
        } finally {
            Watch.end();
        }
    }

    /** Defines ConfinedCounting (and its nested classes) and the stand-in NaiveCounter itself; the rest, its parent. */
    private static final class SpyLoader extends ClassLoader {

        SpyLoader(ClassLoader parent) {
            super("confinement-spy", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes;
                    if (name.equals(COUNTER)) {
                        bytes = rename(classFile(STAND_IN), internal(STAND_IN), internal(COUNTER));
                    } else if (name.equals(CONFINED) || name.startsWith(CONFINED + "$")) {
                        bytes = classFile(name);
                    } else {
                        return super.loadClass(name, resolve);
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private byte[] classFile(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(internal(name) + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String internal(String name) {
        return name.replace('.', '/');
    }

    /**
     * A class file with every constant-pool string equal to {@code from} (the class's own name) replaced by {@code
     * to}, and {@code L<from>;} inside descriptors too. Only the constant pool changes; everything after it is copied.
     */
    static byte[] rename(byte[] classFile, String from, String to) {
        Objects.requireNonNull(from);
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(in.readInt()); // magic
            out.writeShort(in.readUnsignedShort()); // minor
            out.writeShort(in.readUnsignedShort()); // major
            int count = in.readUnsignedShort();
            out.writeShort(count);
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                out.writeByte(tag);
                switch (tag) {
                    case 1 -> {
                        String s = in.readUTF();
                        out.writeUTF(s.equals(from) ? to : s.replace("L" + from + ";", "L" + to + ";"));
                    }
                    case 7, 8, 16, 19, 20 -> out.writeShort(in.readUnsignedShort());
                    case 15 -> {
                        out.writeByte(in.readUnsignedByte());
                        out.writeShort(in.readUnsignedShort());
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> out.writeInt(in.readInt());
                    case 5, 6 -> {
                        out.writeLong(in.readLong());
                        i++; // a long or a double takes two entries
                    }
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + i);
                }
            }
            in.transferTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
