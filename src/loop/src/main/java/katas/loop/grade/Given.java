package katas.loop.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files a learner must not change for a grade to count: every kata's tests and build files, the kit, the
 * testkit, the loop, the build itself (not {@code katas/NN/src/main/java}, not {@code target/}). The hand-out writes
 * them with their SHA-256 to {@link #MANIFEST}; the autograder checks the manifest, every listed file, and that no
 * file was added where the given ones live. Text is hashed with {@code \n} line ends.
 */
public final class Given {

    /** The manifest, relative to the root of a hand-out. */
    public static final String MANIFEST = ".katas/given.sha256";

    private Given() {}

    /** Whether {@code relative} (with {@code /}) is a given file. */
    static boolean given(String relative) {
        if (relative.contains("/target/") || relative.startsWith("target/")) {
            return false;
        }
        if (relative.matches("katas/[^/]+/src/main/java/.*")) {
            return false;
        }
        return relative.equals("pom.xml")
                || relative.equals("mvnw")
                || relative.equals("mvnw.cmd")
                || relative.startsWith(".mvn/")
                || relative.startsWith("src/")
                || relative.matches("katas/pom\\.xml|katas/[^/]+/pom\\.xml|katas/[^/]+/src/test/.*");
    }

    /** Every given file under {@code root}, with its hash, sorted by path. */
    public static Map<String, String> hashes(Path root) {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (given(rel)) {
                    hashes.put(rel, hash(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hashes;
    }

    /** The manifest's text: one {@code <sha256>  <path>} line per file. */
    public static String manifest(Map<String, String> hashes) {
        StringBuilder b = new StringBuilder();
        hashes.forEach((file, h) -> b.append(h).append("  ").append(file).append('\n'));
        return b.toString();
    }

    /** The SHA-256 of a text, hex. */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What differs between the given files under {@code root} and the manifest there, which must itself hash to
     * {@code manifestHash}; empty when nothing does.
     */
    public static List<String> differences(Path root, String manifestHash) {
        List<String> problems = new ArrayList<>();
        Path manifestFile = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            problems.add("there is no " + MANIFEST + " (the hand-out writes it)");
            return problems;
        }
        String manifest;
        try {
            manifest = Files.readString(manifestFile, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!sha256(manifest).equals(manifestHash)) {
            problems.add(MANIFEST + " was changed");
            return problems;
        }
        Map<String, String> expected = new TreeMap<>();
        for (String line : manifest.split("\n")) {
            if (!line.isBlank()) {
                expected.put(line.substring(66), line.substring(0, 64));
            }
        }
        Map<String, String> actual = hashes(root);
        expected.forEach((file, h) -> {
            if (!actual.containsKey(file)) {
                problems.add(file + " is missing");
            } else if (!actual.get(file).equals(h)) {
                problems.add(file + " was changed");
            }
        });
        actual.keySet().stream().filter(f -> !expected.containsKey(f)).forEach(f -> problems.add(f + " was added"));
        return problems;
    }

    static String hash(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (!file.toString().endsWith(".jar")) {
            bytes = new String(bytes, StandardCharsets.ISO_8859_1)
                    .replace("\r\n", "\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
