package katas.kit.process;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Measures what a child JVM costs to start, from the parent's view (start to exit), as the median of many runs: a
 * bare {@code java -cp <dir> Hello} against the same class started through the kit, and the kit's command with each
 * start-up flag left out or added. Not a test: run it by hand ({@link #main}). The results: docs/measurements.md,
 * "Child JVM start cost" and "Child JVM start-up flags".
 */
public final class StartCostMeasurement {

    private StartCostMeasurement() {}

    /**
     * Measures, {@code args[0]} runs of each variant (default 21).
     *
     * <p>Not a test: run it by hand with the JDK to measure (the child uses the same JDK):
     *
     * <pre>
     * ./mvnw -q install -pl src/kit -Dmachinery.skipTests=false
     * java -cp src/kit/target/classes:src/kit/target/test-classes katas.kit.process.StartCostMeasurement 21
     * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp src/kit/target/classes:src/kit/target/test-classes \
     *     katas.kit.process.StartCostMeasurement 21
     * </pre>
     *
     * The variants run interleaved (round robin), so drift of the machine's load affects them alike.
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        String java = ChildJvm.javaBinary();
        String helloDir = directoryOf(Hello.class);
        List<String> kitCommand = ChildJvm.main(Hello.class).command();

        Map<String, Runnable> variants = new LinkedHashMap<>();
        variants.put("bare: java -cp <dir> Hello", command(List.of(java, "-cp", helloDir, Hello.class.getName())));
        variants.put(
                "kit command, no extra flags",
                command(edit(kitCommand, c -> without(c, ChildJvm.NATIVE_REFLECTION, ChildJvm.NO_PERF_DATA))));
        variants.put(
                "kit command + -UsePerfData only",
                command(edit(kitCommand, c -> without(c, ChildJvm.NATIVE_REFLECTION))));
        variants.put(
                "kit command + native reflection only",
                command(edit(kitCommand, c -> without(c, ChildJvm.NO_PERF_DATA))));
        variants.put("kit command (default flags)", command(kitCommand));
        variants.put("kit command + -XX:+UseSerialGC", command(edit(kitCommand, c -> with(c, "-XX:+UseSerialGC"))));
        variants.put(
                "kit command + shortLived() (C1 only)",
                command(ChildJvm.main(Hello.class).shortLived().command()));
        variants.put("kit command + -Xshare:off (no CDS)", command(edit(kitCommand, c -> with(c, "-Xshare:off"))));
        variants.put("kit API: ChildJvm...start().join()", () -> {
            try (ChildProcess child = ChildJvm.main(Hello.class).start()) {
                if (child.join(Duration.ofSeconds(30)) != 0) {
                    throw new IllegalStateException("Hello failed: " + child.stderrText());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        for (Runnable warmUp : variants.values()) {
            warmUp.run();
            warmUp.run();
        }
        Map<String, long[]> micros = new LinkedHashMap<>();
        variants.keySet().forEach(name -> micros.put(name, new long[runs]));
        for (int run = 0; run < runs; run++) {
            for (Map.Entry<String, Runnable> variant : variants.entrySet()) {
                long start = System.nanoTime();
                variant.getValue().run();
                micros.get(variant.getKey())[run] = (System.nanoTime() - start) / 1000;
            }
        }
        System.out.printf(
                "Java %s (%s), %d CPUs, %d runs each, start to exit as the parent sees it:%n",
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(),
                runs);
        System.out.printf("%-40s %9s %9s %9s%n", "variant", "median", "min", "max");
        for (Map.Entry<String, long[]> result : micros.entrySet()) {
            long[] sorted = result.getValue().clone();
            Arrays.sort(sorted);
            System.out.printf(
                    "%-40s %7.1f ms %6.1f ms %6.1f ms%n",
                    result.getKey(), sorted[runs / 2] / 1000.0, sorted[0] / 1000.0, sorted[runs - 1] / 1000.0);
        }
    }

    private static Runnable command(List<String> command) {
        return () -> {
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("failed: " + command);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static List<String> edit(List<String> command, UnaryOperator<List<String>> change) {
        return change.apply(new ArrayList<>(command));
    }

    private static List<String> without(List<String> command, String... flags) {
        command.removeAll(List.of(flags));
        return command;
    }

    private static List<String> with(List<String> command, String flag) {
        command.add(1, flag);
        return command;
    }

    private static String directoryOf(Class<?> type) throws URISyntaxException {
        Path location = Paths.get(
                type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return location.toString();
    }
}
