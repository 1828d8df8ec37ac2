package katas.loop.reset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Puts a learner file back to its stub: from the copies a hand-out carries ({@link #STUBS}), or, in a git
 * checkout of the repository, from git. Without a file it lists the kata's files and changes nothing: resetting a
 * whole kata at once ({@code all}) is a choice to make on purpose.
 *
 * <pre>  Reset &lt;root&gt; &lt;kata: 01 or 01-racy-counter&gt; [&lt;file: Workers.java&gt; | all]</pre>
 */
public final class Reset {

    /** Where a hand-out keeps a copy of every stub (the instructor's hand-out writes them). */
    public static final String STUBS = ".katas/stubs";

    private Reset() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        String kata = args.length > 1 ? args[1].strip() : "";
        String file = args.length > 2 ? args[2].strip() : "";
        System.exit(reset(root, kata, file));
    }

    public static int reset(Path root, String kata, String file) throws IOException, InterruptedException {
        Path kataDir = findKata(root, kata);
        if (kataDir == null) {
            System.out.println(
                    "reset: which kata? Give -Dkata=01 (or the folder name): " + String.join(", ", kataNames(root)));
            return 2;
        }
        Path sources = kataDir.resolve("src/main/java");
        List<Path> learnerFiles = new ArrayList<>();
        try (Stream<Path> s = Files.walk(sources)) {
            s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(learnerFiles::add);
        }
        List<Path> chosen = file.equals("all")
                ? learnerFiles
                : learnerFiles.stream()
                        .filter(p -> p.getFileName().toString().equals(file)
                                || p.getFileName().toString().equals(file + ".java"))
                        .toList();
        if (file.isEmpty() || chosen.isEmpty()) {
            System.out.println((file.isEmpty()
                            ? "reset: which file?"
                            : "reset: kata " + kataDir.getFileName() + " has no file " + file + ".")
                    + " Give -Dfile=NAME to put one file back to its stub (your code in it is lost), or -Dfile=all"
                    + " for every file of the kata: "
                    + String.join(
                            ", ",
                            learnerFiles.stream()
                                    .map(p -> p.getFileName().toString())
                                    .toList()));
            return 2;
        }
        for (Path p : chosen) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            Path copy = root.resolve(STUBS).resolve(rel);
            if (Files.isRegularFile(copy)) {
                Files.copy(copy, p, StandardCopyOption.REPLACE_EXISTING);
            } else if (!fromGit(root, rel)) {
                System.out.println("reset: no stub for " + rel + " (no " + STUBS + " copy, and git does not know it)");
                return 1;
            }
            System.out.println("reset: " + rel + " is the stub again");
        }
        return 0;
    }

    private static boolean fromGit(Path root, String rel) throws IOException, InterruptedException {
        if (!Files.isDirectory(root.resolve(".git"))) {
            return false;
        }
        Process git = new ProcessBuilder("git", "-C", root.toString(), "checkout", "HEAD", "--", rel)
                .redirectErrorStream(true)
                .start();
        git.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0;
    }

    private static Path findKata(Path root, String kata) throws IOException {
        if (kata.isEmpty()) {
            return null;
        }
        for (String name : kataNames(root)) {
            if (name.equals(kata) || name.startsWith(kata + "-")) {
                return root.resolve("katas").resolve(name);
            }
        }
        return null;
    }

    private static List<String> kataNames(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("katas"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d\\d-.*"))
                    .sorted()
                    .toList();
        }
    }
}
