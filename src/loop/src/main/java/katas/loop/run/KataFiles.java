package katas.loop.run;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where one kata's pieces are: its folder, the learner's sources and classes, the compiled tests, and the rest of
 * its test class path (kit, testkit, JUnit, AssertJ, ...).
 *
 * @param kataDir        the kata's folder ({@code katas/NN-name}): README, progress file
 * @param learnerSources the learner's sources ({@code src/main/java} of the kata, or of a solution)
 * @param learnerClasses the learner's compiled classes
 * @param testClasses    the kata's compiled tests
 * @param classpath      the whole test class path, in order; {@link #loader} puts the learner classes and the tests
 *                       first, whatever this list says about them
 */
public record KataFiles(
        Path kataDir, Path learnerSources, Path learnerClasses, Path testClasses, List<Path> classpath) {

    /** The file where a kata's build leaves its test class path for watch mode, relative to the kata's folder. */
    public static final String CLASSPATH_FILE = "target/kata-test.classpath";

    public KataFiles {
        kataDir = kataDir.toAbsolutePath().normalize();
        learnerSources = learnerSources.toAbsolutePath().normalize();
        learnerClasses = learnerClasses.toAbsolutePath().normalize();
        testClasses = testClasses.toAbsolutePath().normalize();
        classpath = classpath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** The same kata with its learner classes somewhere else (watch mode compiles them afresh). */
    public KataFiles withLearnerClasses(Path classes) {
        Path old = learnerClasses;
        return new KataFiles(
                kataDir,
                learnerSources,
                classes,
                testClasses,
                classpath.stream().map(p -> p.equals(old) ? classes : p).toList());
    }

    /**
     * A new class loader for the kata: learner classes and tests first, then the rest of the class path, with this
     * JVM's class path (the loop: JUnit, testkit, kit) as its parent. The caller closes it.
     */
    public KataLoader loader() {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(learnerClasses.toUri().toURL());
            urls.add(testClasses.toUri().toURL());
            for (Path p : classpath) {
                if (!p.equals(learnerClasses) && !p.equals(testClasses)) {
                    urls.add(p.toUri().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a usable class path entry: " + e.getMessage(), e);
        }
        return new KataLoader("kata-" + kataDir.getFileName(), urls.toArray(URL[]::new));
    }

    /**
     * Parent-first, like any class loader, except for jcstress and the testkit's race proofs: those load from the
     * kata's class path first, because jcstress finds its tests through its own class loader
     * ({@code TestList.class.getResourceAsStream("/META-INF/TestList")}), and the list is in the kata's test classes.
     */
    public static final class KataLoader extends URLClassLoader {
        private static final String[] OWN = {"org.openjdk.jcstress.", "katas.testkit.jcstress."};
        private final Set<String> found = java.util.concurrent.ConcurrentHashMap.newKeySet();

        static {
            ClassLoader.registerAsParallelCapable();
        }

        KataLoader(String name, URL[] urls) {
            super(
                    name,
                    urls,
                    KataFiles.class.getClassLoader()); // the loop's loader: the JVM's, or exec:java's in Maven
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!own(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notHere) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = super.findClass(name);
            found.add(name);
            return c;
        }

        /** The classes this loader loaded itself so far: for a step run with a loader of its own, what it used. */
        public Set<String> loadedHere() {
            return Set.copyOf(found);
        }

        @Override
        public URL getResource(String name) {
            if (name.startsWith("META-INF/TestList")) {
                URL mine = findResource(name);
                if (mine != null) {
                    return mine;
                }
            }
            return super.getResource(name);
        }

        private static boolean own(String name) {
            for (String prefix : OWN) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The class names (binary, with dots) of the learner's compiled classes, to tell the learner's stack frames. */
    public Set<String> learnerClassNames() {
        return katas.loop.progress.Sources.classNames(learnerClasses);
    }

    /** Writes the class path for watch mode ({@link #CLASSPATH_FILE}). */
    public void saveClasspath() {
        Path file = kataDir.resolve(CLASSPATH_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads what {@link #saveClasspath()} wrote, for the kata in {@code kataDir}. */
    public static KataFiles load(Path kataDir) {
        Path file = kataDir.resolve(CLASSPATH_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + ": build the kata once first (./mvnw test-compile)");
        }
        try {
            List<Path> cp = split(Files.readString(file, StandardCharsets.UTF_8));
            return new KataFiles(
                    kataDir,
                    kataDir.resolve("src/main/java"),
                    kataDir.resolve("target/classes"),
                    kataDir.resolve("target/test-classes"),
                    cp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Path> split(String classpath) {
        List<Path> entries = new ArrayList<>();
        for (String e : classpath.strip().split(java.util.regex.Pattern.quote(File.pathSeparator))) {
            if (!e.isBlank()) {
                entries.add(Path.of(e));
            }
        }
        return entries;
    }
}
