package katas.lesson;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import katas.kit.process.ChildJvm;

/**
 * Runs {@link LessonTable} in a JVM of its own, on this terminal: Maven's JVM (where {@code exec:java} runs this) is
 * busy with Maven's own heap and threads, and a child started with {@code inheritIO} writes straight to the terminal,
 * so it can draw a spinner there. Exits with the table's exit code.
 *
 * <pre>  Launch &lt;classes dir&gt; &lt;LessonTable's arguments...&gt;</pre>
 */
public final class Launch {

    private Launch() {}

    public static void main(String[] args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-Xss1m");
        command.add("-cp");
        command.add(args[0] + File.pathSeparator + ChildJvm.classPath());
        command.add(LessonTable.class.getName());
        command.addAll(Arrays.asList(args).subList(1, args.length));
        Process table = new ProcessBuilder(command).inheritIO().start();
        int exit = table.waitFor();
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
