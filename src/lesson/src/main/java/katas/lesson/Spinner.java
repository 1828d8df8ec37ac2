package katas.lesson;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A spinner with the seconds so far, on the line of the approach that is running; only on a terminal (in a log or a
 * pipe it would be noise). {@link #stop()} clears the line before the row is printed there.
 */
final class Spinner implements AutoCloseable {

    private static final String FRAMES = "|/-\\";

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private Thread thread;

    Spinner(PrintStream out) {
        this.out = out;
    }

    synchronized void start(String what) {
        stop();
        if (!terminal) {
            return;
        }
        long t0 = System.nanoTime();
        thread = new Thread(
                () -> {
                    int i = 0;
                    while (!Thread.currentThread().isInterrupted()) {
                        synchronized (out) {
                            out.printf(
                                    Locale.ROOT,
                                    "\r  %c %s ... %.1f s ",
                                    FRAMES.charAt(i++ % FRAMES.length()),
                                    what,
                                    (System.nanoTime() - t0) / 1e9);
                            out.flush();
                        }
                        try {
                            Thread.sleep(100); // a display refresh, not a wait for anything
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "lesson-spinner");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        synchronized (out) {
            out.print("\r" + " ".repeat(100) + "\r");
            out.flush();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
