package katas.tools.handout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import katas.kit.process.KitFiles;
import katas.loop.grade.Given;
import katas.loop.reset.Reset;

/**
 * The instructor's hand-out: the repository as a learner gets it, as a folder and a {@code .tar.gz} (which keeps
 * {@code mvnw} executable). It drops {@code solutions/}, the maintainers' and instructors' tools ({@code src/tools},
 * {@code docs/maintainers.md}), the lesson table and benchmarks, CI and the workflows; cuts what lies between {@code <!-- handout:remove -->} and
 * {@code <!-- /handout:remove -->} from every {@code pom.xml} and README (and turns {@code <!-- handout:only ... -->}
 * into text); keeps every stub in {@code .katas/stubs/} for {@link Reset}; writes the given-files manifest
 * ({@link Given}) and a Classroom autograding workflow ({@link Classroom}). {@code Handout <root> <output folder>}
 */
public final class Handout {

    /** The hand-out's folder name, and its archive's. */
    public static final String NAME = "concurrency-katas";

    /** Where the stubs' copies live in a hand-out. */
    public static final String STUBS = Reset.STUBS;

    private static final Pattern REMOVE =
            Pattern.compile("[ \\t]*<!-- handout:remove -->.*?<!-- /handout:remove -->[ \\t]*\\R?", Pattern.DOTALL);
    private static final Pattern ONLY = Pattern.compile("<!-- handout:only\\R(.*?)\\R?-->", Pattern.DOTALL);

    private Handout() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Handout <repository root> <output folder>");
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path out = Path.of(args[1]).toAbsolutePath().normalize();
        Path folder = write(root, out.resolve(NAME));
        Path archive = out.resolve(NAME + ".tar.gz");
        tar(folder, archive);
        System.out.println("Hand-out: " + archive);
        System.out.println("  (and unpacked: " + folder + ")");
        System.out.println("  Learners unpack it and run ./mvnw test; push it to a GitHub Classroom template repository"
                + " for autograding (.github/workflows/classroom.yml: one test per step).");
    }

    /** Writes the hand-out into {@code folder} (emptied first); returns it. */
    public static Path write(Path root, Path folder) throws IOException {
        KitFiles.deleteRecursively(folder);
        Files.createDirectories(folder);
        for (String file : files(root)) {
            if (!forLearners(file)) {
                continue;
            }
            Path from = root.resolve(file);
            Path to = folder.resolve(file);
            Files.createDirectories(to.getParent());
            if (file.endsWith(".md") || file.endsWith("pom.xml")) {
                Files.writeString(to, rewrite(Files.readString(from, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            } else {
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
            if (file.matches("katas/[^/]+/src/main/java/.*")) {
                Path stub = folder.resolve(STUBS).resolve(file);
                Files.createDirectories(stub.getParent());
                Files.copy(from, stub, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        String manifest = Given.manifest(Given.hashes(folder));
        Files.createDirectories(folder.resolve(Given.MANIFEST).getParent());
        Files.writeString(folder.resolve(Given.MANIFEST), manifest, StandardCharsets.UTF_8);
        Path workflow = folder.resolve(".github/workflows/classroom.yml");
        Files.createDirectories(workflow.getParent());
        Files.writeString(
                workflow, Classroom.workflow(Classroom.steps(folder), Given.sha256(manifest)), StandardCharsets.UTF_8);
        return folder;
    }

    /** Whether a repository file goes into the hand-out. */
    static boolean forLearners(String file) {
        return !(file.startsWith("solutions/")
                || file.startsWith("src/tools/")
                || file.startsWith("src/lesson/")
                || file.startsWith("src/bench/")
                || file.startsWith("lesson/")
                || file.equals("docs/maintainers.md")
                || file.startsWith(".ci/")
                || file.startsWith(".github/")
                || file.startsWith(".katas/")
                || file.contains("/known-wrong/")
                || file.contains("/known-right/"));
    }

    /** A README's or the root pom's text for learners: maintainers' parts removed, hand-out-only parts shown. */
    static String rewrite(String text) {
        String removed = REMOVE.matcher(text).replaceAll("");
        Matcher only = ONLY.matcher(removed);
        StringBuilder b = new StringBuilder();
        while (only.find()) {
            only.appendReplacement(b, Matcher.quoteReplacement(only.group(1)));
        }
        only.appendTail(b);
        return b.toString();
    }

    /** The repository's files: git's list where there is git, else every file outside build output. */
    static List<String> files(Path root) throws IOException {
        // A clone has a .git folder; a git worktree has a .git file naming its folder: git knows the files in both.
        if (Files.exists(root.resolve(".git"))) {
            try {
                Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z")
                        .redirectErrorStream(false)
                        .start();
                byte[] bytes = git.getInputStream().readAllBytes();
                if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0) {
                    List<String> files = new ArrayList<>();
                    for (String f : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
                        if (!f.isEmpty() && Files.isRegularFile(root.resolve(f))) {
                            files.add(f);
                        }
                    }
                    return files;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException noGit) {
                // fall through to walking the tree
            }
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.equals(".git") && !f.startsWith(".git/"))
                    .filter(f -> !f.contains("target/") && !f.startsWith("target"))
                    .sorted()
                    .toList();
        }
    }

    private static void tar(Path folder, Path archive) throws IOException, InterruptedException {
        Files.deleteIfExists(archive);
        Process tar = new ProcessBuilder(
                        "tar",
                        "-czf",
                        archive.toString(),
                        "-C",
                        folder.getParent().toString(),
                        NAME)
                .inheritIO()
                .start();
        if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            throw new UncheckedIOException(new IOException("tar could not write " + archive
                    + ": the folder " + folder + " is the hand-out too; archive it with any tool that keeps the"
                    + " executable bit of mvnw"));
        }
    }
}
