package katas.kit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/** Small main classes that the tests run in child JVMs. Each does one thing. */
final class ChildFixtures {

    private ChildFixtures() {}

    /** Exits with the code in {@code args[0]}. */
    public static final class ExitWith {
        public static void main(String[] args) {
            System.exit(Integer.parseInt(args[0]));
        }
    }

    /** Prints its arguments to standard output, one per line, between brackets. */
    public static final class PrintArgs {
        public static void main(String[] args) {
            for (String arg : args) {
                System.out.println("[" + arg + "]");
            }
        }
    }

    /** Writes {@code args[0]} to standard error, then exits with code {@code args[1]}. */
    public static final class ComplainAndExit {
        public static void main(String[] args) {
            System.err.println(args[0]);
            System.exit(Integer.parseInt(args[1]));
        }
    }

    /** Writes {@code args[0]} megabytes of numbered lines to standard error, then "done" to standard output. */
    public static final class FloodStderr {
        public static void main(String[] args) {
            long bytes = Long.parseLong(args[0]) * 1024 * 1024;
            PrintStream err = new PrintStream(System.err, false, StandardCharsets.UTF_8);
            long written = 0;
            for (long line = 0; written < bytes; line++) {
                String text = "line " + line + " of a child that writes a lot to standard error";
                err.println(text);
                written += text.length() + 1;
            }
            err.println("LAST LINE");
            err.flush();
            System.out.println("done");
        }
    }

    /**
     * Throws, 300 calls deep, an exception whose message is {@code args[0]}, caused by another: a stack trace far
     * longer than any message quotes, with the reason only in its first lines.
     */
    public static final class ThrowsDeep {
        public static void main(String[] args) {
            dive(300, args[0]);
        }

        private static void dive(int depth, String reason) {
            if (depth == 0) {
                throw new IllegalStateException(reason, new java.io.IOException("the cause: " + reason.length()));
            }
            dive(depth - 1, reason);
        }
    }

    /** Its main throws. */
    public static final class Throws {
        public static void main(String[] args) {
            throw new IllegalStateException("boom from the child's main \u2713 \u00fc");
        }
    }

    /** Says "ready" on standard error, then blocks forever. */
    public static final class BlockForever {
        public static void main(String[] args) throws InterruptedException {
            System.err.println("ready");
            new CountDownLatch(1).await();
        }
    }

    /** Upper-cases each line of standard input onto standard output; ends at end of input. */
    public static final class UpperCaseEcho {
        public static void main(String[] args) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line.toUpperCase());
                System.out.flush();
            }
            System.err.println("end of input");
        }
    }

    /**
     * Registers a parent-death hook that writes "cleaned up" into the file {@code args[0]}, says "ready",
     * then blocks forever.
     */
    public static final class HookThenBlock {
        public static void main(String[] args) throws InterruptedException {
            ChildMain.onParentDeath(() -> {
                try {
                    Files.writeString(Paths.get(args[0]), "cleaned up");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            System.err.println("ready");
            new CountDownLatch(1).await();
        }
    }

    /**
     * Starts {@link HookThenBlock} as its own child (with {@code args[0]}), prints "grandchild pid=N" on
     * standard output, then blocks forever: the test kills this one with SIGKILL and watches the grandchild.
     */
    public static final class StartGrandchild {
        public static void main(String[] args) throws InterruptedException {
            ChildProcess grandchild = ChildJvm.main(HookThenBlock.class)
                    .name("grandchild")
                    .args(args[0])
                    .start();
            System.out.println("grandchild pid=" + grandchild.pid());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    /**
     * Prints {@code run=<its run id> dir=<name of a private directory it made>} (the directory is deleted at once);
     * with the argument {@code grandchild}, first starts itself as its own child and prints that child's line too.
     */
    public static final class PrintRunId {
        public static void main(String[] args) throws InterruptedException {
            if (args.length > 0 && args[0].equals("grandchild")) {
                try (ChildProcess grandchild = ChildJvm.main(PrintRunId.class)
                        .name("grandchild")
                        .shortLived()
                        .start()) {
                    grandchild.awaitSuccess(java.time.Duration.ofSeconds(30));
                    System.out.print("grandchild " + grandchild.stdoutText());
                }
            }
            java.nio.file.Path directory = KitFiles.createPrivateDirectory();
            KitFiles.deleteRecursively(directory);
            System.out.println("run=" + KitFiles.runId() + " dir=" + directory.getFileName());
        }
    }

    /**
     * Makes a private directory, starts {@link HookThenBlock} as its own child (with {@code args[0]}), prints
     * {@code directory=<path> grandchild pid=N} on standard output, then blocks forever: the test kills this one
     * with SIGKILL, and the grandchild's watchdog must delete the directory.
     */
    public static final class OwnsDirectoryThenStartsGrandchild {
        public static void main(String[] args) throws InterruptedException {
            java.nio.file.Path directory = KitFiles.createPrivateDirectory();
            ChildProcess grandchild = ChildJvm.main(HookThenBlock.class)
                    .name("grandchild")
                    .args(args[0])
                    .start();
            System.out.println("directory=" + directory + " grandchild pid=" + grandchild.pid());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    /** Prints the secret its parent handed over, in hex; then one line from standard input, if there is one. */
    public static final class PrintSecret {
        public static void main(String[] args) throws IOException {
            StringBuilder hex = new StringBuilder();
            for (byte b : ChildMain.secret()) {
                hex.append(String.format("%02x", b));
            }
            System.out.println("secret=" + hex);
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            System.out.println("then=" + line);
        }
    }

    /** Asks for a secret although none was handed over: ChildMain.secret() must throw, not wait for stdin. */
    public static final class AsksForAMissingSecret {
        public static void main(String[] args) {
            ChildMain.secret();
        }
    }

    /** Has no main method. */
    public static final class NoMain {}

    /** Has a main method that is not static. */
    public static final class InstanceMain {
        public void main(String[] args) {}
    }
}
