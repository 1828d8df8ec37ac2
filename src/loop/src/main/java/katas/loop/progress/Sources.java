package katas.loop.progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which learner files a step uses, and what they contain now. Each step runs in a class loader of its own, which
 * records the learner classes the step's tests loaded: those are the step's files, so editing
 * {@code AdderCounter.java} marks as changed only the steps that ran {@code AdderCounter}. Stateless; thread-safe.
 */
public final class Sources {

    private Sources() {}

    /**
     * The learner source files (relative to {@code learnerSources}, with {@code /}) that hold the given classes: a
     * step's run records which learner classes it loaded (a class loader of its own per step), and these are its files.
     *
     * @param loaded         binary class names (with dots) a step's run loaded
     * @param learnerClasses the binary names of the learner's compiled classes
     * @param learnerSources the learner's sources, to keep only files that exist there
     */
    public static Set<String> filesOf(Set<String> loaded, Set<String> learnerClasses, Path learnerSources) {
        Set<String> files = new TreeSet<>();
        for (String name : loaded) {
            if (learnerClasses.contains(name)) {
                int nested = name.indexOf('$');
                String file = (nested < 0 ? name : name.substring(0, nested)).replace('.', '/') + ".java";
                if (Files.isRegularFile(learnerSources.resolve(file))) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /** The content hash of each of {@code files} under {@code learnerSources} now ("missing" for a file that is gone). */
    public static Map<String, String> hashes(Path learnerSources, Set<String> files) {
        Map<String, String> hashes = new TreeMap<>();
        for (String file : files) {
            hashes.put(file, hash(learnerSources.resolve(file)));
        }
        return hashes;
    }

    /** The content hash of every {@code .java} file under {@code learnerSources} now. */
    public static Map<String, String> allHashes(Path learnerSources) {
        if (!Files.isDirectory(learnerSources)) {
            return Map.of();
        }
        try (Stream<Path> s = Files.walk(learnerSources)) {
            Set<String> files = new TreeSet<>();
            s.filter(p -> p.toString().endsWith(".java"))
                    .forEach(p ->
                            files.add(learnerSources.relativize(p).toString().replace('\\', '/')));
            return hashes(learnerSources, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the learner's files in " + learnerSources, e);
        }
    }

    static String hash(Path file) {
        if (!Files.isRegularFile(file)) {
            return "missing";
        }
        try {
            // Line endings do not count: an editor that rewrites them has not changed the code.
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** The binary names (with dots, e.g. {@code katas.racycounter.Workers$1}) of the classes under {@code root}. */
    public static Set<String> classNames(Path root) {
        Set<String> names = new HashSet<>();
        classFiles(root).keySet().forEach(n -> names.add(n.replace('/', '.')));
        return names;
    }

    /** Binary class name with slashes (e.g. {@code katas/racycounter/Workers$1}) to its class file. */
    static Map<String, Path> classFiles(Path root) {
        Map<String, Path> classes = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return classes;
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".class")).toList();
            for (Path f : files) {
                String name = root.relativize(f).toString().replace('\\', '/');
                classes.put(name.substring(0, name.length() - ".class".length()), f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes in " + root, e);
        }
        return classes;
    }
}
