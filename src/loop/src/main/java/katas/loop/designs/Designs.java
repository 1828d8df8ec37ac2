package katas.loop.designs;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import katas.loop.board.Finish;
import katas.loop.board.Text;
import katas.loop.board.Words;

/**
 * The other correct designs of a kata, offered once the kata is done: what each is, its key lines, when you would
 * choose it. Each is a known-right version ({@code solutions/NN-name/known-right/<approach>/}) whose
 * {@code right.properties} has {@code approach}, {@code when} (without it, it is not offered), {@code key} and
 * {@code key.lines} (and {@code .ko} for Korean). Learners have no {@code solutions/}, so the designs reach them
 * generated into {@code src/loop/src/main/resources/katas/loop/designs/NN-name.md}, kept equal by a test.
 * {@code Designs write <root>} regenerates them; {@code Designs show <root> <kata> [force]} shows a done kata's.
 */
public final class Designs {

    /** Where the generated files live, from the repository's root. */
    public static final String FOLDER = "src/loop/src/main/resources/katas/loop/designs";

    /** One design: the known-right folder, the file it replaces, the sentences, the key lines and where they are. */
    public record Design(
            String name,
            String file,
            String what,
            String whatKo,
            String when,
            String whenKo,
            int firstLine,
            List<String> lines) {

        String what(String lang) {
            return lang.equals("ko") && !whatKo.isEmpty() ? whatKo : what;
        }

        String when(String lang) {
            return lang.equals("ko") && !whenKo.isEmpty() ? whenKo : when;
        }
    }

    private Designs() {}

    public static void main(String[] args) throws IOException {
        if (args.length >= 1 && args[0].equals("write") && args.length == 2) {
            Path root = Path.of(args[1]).toAbsolutePath().normalize();
            for (Path solution : solutions(root)) {
                Path out = root.resolve(FOLDER).resolve(solution.getFileName() + ".md");
                Files.writeString(out, markdown(solution.getFileName().toString(), read(solution)));
                System.out.println("  wrote " + root.relativize(out));
            }
        } else if (args.length >= 3 && args[0].equals("show")) {
            Path root = Path.of(args[1]).toAbsolutePath().normalize();
            System.out.print(show(root, args[2], args.length > 3 && args[3].equals("force"), Words.current()));
        } else {
            throw new IllegalArgumentException("usage: Designs write <root> | Designs show <root> <kata> [force]");
        }
    }

    /** The solution folders that have known-right versions, in order. */
    public static List<Path> solutions(Path root) throws IOException {
        Path solutions = root.resolve("solutions");
        if (!Files.isDirectory(solutions)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(solutions)) {
            return s.filter(p -> Files.isDirectory(p.resolve("known-right")))
                    .sorted()
                    .toList();
        }
    }

    /** The designs a solution's known-right versions describe (those with {@code when}), by folder name. */
    public static List<Design> read(Path solution) throws IOException {
        List<Design> designs = new ArrayList<>();
        List<Path> versions;
        try (Stream<Path> s = Files.list(solution.resolve("known-right"))) {
            versions = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path version : versions) {
            Path props = version.resolve("right.properties");
            if (!Files.isRegularFile(props)) {
                continue;
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            if (p.getProperty("when", "").isBlank()) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(version)) {
                files = s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            }
            String key = need(p, "key", version);
            Path file = null;
            int first = -1;
            List<String> text = List.of();
            for (Path f : files) {
                List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < all.size() && first < 0; i++) {
                    if (all.get(i).contains(key)) {
                        file = f;
                        first = i;
                        text = all;
                    }
                }
                if (first >= 0) {
                    break;
                }
            }
            if (file == null) {
                throw new IllegalStateException(props + ": no line of its files contains key = " + key);
            }
            int count = Integer.parseInt(need(p, "key.lines", version).strip());
            if (count < 1 || count > 20 || first + count > text.size()) {
                throw new IllegalStateException(props + ": key.lines = " + count
                        + " must be 1 to 20 lines within the file (a snippet, not the file)");
            }
            designs.add(new Design(
                    version.getFileName().toString(),
                    file.getFileName().toString(),
                    need(p, "approach", version),
                    p.getProperty("approach.ko", "").strip(),
                    p.getProperty("when").strip(),
                    p.getProperty("when.ko", "").strip(),
                    first + 1,
                    dedent(text.subList(first, first + count))));
        }
        return designs;
    }

    private static String need(Properties p, String key, Path version) {
        String v = p.getProperty(key, "");
        if (v.isBlank()) {
            throw new IllegalStateException(version.resolve("right.properties") + " has 'when' but no '" + key + "'");
        }
        return v.strip();
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    /** The generated file of one kata (deterministic: the same versions give the same text). */
    public static String markdown(String kataDir, List<Design> designs) {
        StringBuilder b = new StringBuilder();
        b.append("<!-- Generated from solutions/")
                .append(kataDir)
                .append("/known-right/*/right.properties by katas.loop.designs.Designs (do not edit: run Designs write;"
                        + " DesignsTest keeps it equal). -->\n");
        b.append("# ").append(kataDir).append(": other correct designs\n");
        for (Design d : designs) {
            b.append("\n## ").append(d.name()).append('\n');
            b.append("* file: ")
                    .append(d.file())
                    .append(", line ")
                    .append(d.firstLine())
                    .append('\n');
            b.append("* what: ").append(d.what()).append('\n');
            if (!d.whatKo().isEmpty()) {
                b.append("* what.ko: ").append(d.whatKo()).append('\n');
            }
            b.append("* when: ").append(d.when()).append('\n');
            if (!d.whenKo().isEmpty()) {
                b.append("* when.ko: ").append(d.whenKo()).append('\n');
            }
            b.append("```java\n");
            d.lines().forEach(l -> b.append(l).append('\n'));
            b.append("```\n");
        }
        return b.toString();
    }

    /** Reads a generated file back. */
    public static List<Design> parse(String markdown) {
        List<Design> designs = new ArrayList<>();
        String[] parts = markdown.split("\n## ");
        for (int i = 1; i < parts.length; i++) {
            String[] lines = parts[i].split("\n", -1);
            String name = lines[0].strip();
            String file = "";
            int first = 0;
            String what = "";
            String whatKo = "";
            String when = "";
            String whenKo = "";
            List<String> code = new ArrayList<>();
            boolean inCode = false;
            for (int j = 1; j < lines.length; j++) {
                String l = lines[j];
                if (inCode) {
                    if (l.equals("```")) {
                        inCode = false;
                    } else {
                        code.add(l);
                    }
                } else if (l.equals("```java")) {
                    inCode = true;
                } else if (l.startsWith("* file: ")) {
                    String v = l.substring(8);
                    file = v.substring(0, v.indexOf(", line "));
                    first = Integer.parseInt(
                            v.substring(v.indexOf(", line ") + 7).strip());
                } else if (l.startsWith("* what: ")) {
                    what = l.substring(8);
                } else if (l.startsWith("* what.ko: ")) {
                    whatKo = l.substring(11);
                } else if (l.startsWith("* when: ")) {
                    when = l.substring(8);
                } else if (l.startsWith("* when.ko: ")) {
                    whenKo = l.substring(11);
                }
            }
            designs.add(new Design(name, file, what, whatKo, when, whenKo, first, List.copyOf(code)));
        }
        return designs;
    }

    /** The designs offered for a kata (its folder name, e.g. {@code 01-racy-counter}), from the generated file. */
    public static List<Design> offered(String kataDir) {
        try (InputStream in = Designs.class.getResourceAsStream(kataDir + ".md")) {
            if (in == null) {
                return List.of();
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a learner shows a kata's designs (for the board's line). */
    public static String command(String id) {
        return "./mvnw -q process-classes -Pdesigns -Dkata=" + id + " -pl src/loop -am";
    }

    /** The kata folder under {@code root/katas} whose name starts with {@code kata} (e.g. {@code 01}). */
    static Optional<Path> kata(Path root, String kata) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("katas"))) {
            return s.filter(p -> Files.isRegularFile(p.resolve("pom.xml")))
                    .filter(p -> p.getFileName().toString().startsWith(kata.strip()))
                    .sorted()
                    .findFirst();
        }
    }

    /** What {@code Designs show} prints: the designs of a done kata, else why not yet. */
    public static String show(Path root, String kata, boolean force, Words w) throws IOException {
        if (kata.isBlank()) {
            return "  " + w.get("designs.which") + "\n";
        }
        Optional<Path> dir = kata(root, kata);
        if (dir.isEmpty()) {
            return "  " + w.get("designs.nokata", kata) + "\n";
        }
        Path k = dir.get();
        var view = Finish.view(k, null);
        String id = view.progress().id();
        if (!force && !view.progress().complete(view.hashes())) {
            return "  "
                    + w.get(
                            "designs.notyet",
                            id,
                            view.progress().done(view.hashes()),
                            view.progress().steps().size())
                    + "\n";
        }
        return render(id, offered(k.getFileName().toString()), w);
    }

    /** The designs, for a terminal: plain text, at most 96 columns. */
    public static String render(String id, List<Design> designs, Words w) {
        StringBuilder b = new StringBuilder();
        b.append('\n').append("=".repeat(96)).append('\n');
        b.append("  ").append(w.get("designs.title", id, designs.size())).append('\n');
        b.append("-".repeat(96)).append('\n');
        int n = 0;
        for (Design d : designs) {
            n++;
            b.append(String.format(
                    "  %d. %s  (%s, %s %d)%n", n, d.name(), d.file(), w.get("designs.line"), d.firstLine()));
            field(b, w.get("designs.what"), d.what(w.lang()));
            field(b, w.get("designs.when"), d.when(w.lang()));
            d.lines().forEach(l -> b.append(l.isEmpty() ? "" : "        " + l).append('\n'));
            b.append('\n');
        }
        b.append("-".repeat(96)).append('\n');
        b.append("  ").append(w.get("designs.end")).append('\n');
        return b.toString();
    }

    private static void field(StringBuilder b, String label, String text) {
        List<String> lines = Text.wrap(text, 84);
        String pad = " ".repeat(Math.max(1, 6 - Text.columns(label)));
        for (int i = 0; i < lines.size(); i++) {
            b.append("     ")
                    .append(i == 0 ? label + pad : " ".repeat(6))
                    .append(lines.get(i))
                    .append('\n');
        }
    }
}
