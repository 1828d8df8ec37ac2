package katas.loop.board;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import katas.loop.progress.Hints;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;
import katas.loop.run.RunMarker;

/**
 * The end of {@code ./mvnw test}: prints the board as the last thing of the build, and ends the build with exit code
 * 0 when every kata shown is done, 1 otherwise. Inside Maven's own JVM ({@code exec:java}) it ends that JVM itself,
 * right after the board, so that Maven's own failure report (a dozen lines, with a misleading "resume with -rf") does
 * not follow it; outside Maven's JVM, or with {@code -Dkatas.exit=false}, it throws instead. Entry points:
 * {@link #main}.
 */
public final class Finish {

    private static final Pattern PROJECT =
            Pattern.compile("MavenProject: ([^:\\s]+):([^:\\s]+):[^\\s]+ @ ([^,\\]]+pom\\.xml)");

    private Finish() {}

    /**
     * Prints the board and ends the build. Two entry points, one per way of building:
     * <pre>
     *   Finish board &lt;root&gt; &lt;reactor&gt; &lt;build start&gt; &lt;hints&gt;
     *       the board module, last of a whole build
     *   Finish kata  &lt;root&gt; &lt;reactor&gt; &lt;build start&gt; &lt;hints&gt; &lt;kata dir&gt;
     *       each kata; acts only when it is the last kata of a build without the board module (-pl ... -am)
     * </pre>
     * {@code reactor} is Maven's {@code ${session.projects}}; {@code build start} its
     * {@code ${maven.build.timestamp}}.
     */
    public static void main(String[] args) {
        if (args.length < 5) {
            throw new IllegalArgumentException(
                    "usage: Finish board|kata <root> <reactor> <build start> <hints> [kata dir]");
        }
        Path root = Path.of(args[1]).toAbsolutePath().normalize();
        Reactor reactor = Reactor.parse(args[2], root);
        List<Path> reactorKatas = reactor.katas();
        boolean boardInReactor = reactor.board();
        Instant buildStart = parse(args[3]);
        int hints = hints(args[4]);
        List<Path> shown;
        String command;
        boolean detail;
        if (args[0].equals("board")) {
            shown = kataDirectories(root.resolve("katas"));
            command = "./mvnw test";
            detail = false;
        } else {
            Path kata = Path.of(args[5]).toAbsolutePath().normalize();
            if (boardInReactor
                    || reactorKatas.isEmpty()
                    || !reactorKatas.get(reactorKatas.size() - 1).equals(kata)) {
                return; // the board module, or a later kata, ends this build
            }
            shown = reactorKatas;
            detail = reactorKatas.size() == 1;
            command = "./mvnw test -pl "
                    + String.join(
                            ",",
                            reactorKatas.stream()
                                    .map(k -> "katas/" + k.getFileName())
                                    .toList()) + " -am";
        }
        List<Board.KataView> views = new ArrayList<>();
        for (Path k : shown) {
            views.add(view(k, reactorKatas.contains(k) ? buildStart : null));
        }
        System.out.print(Board.render(views, hints, detail, command, Words.current()));
        end(
                views.stream().allMatch(Board.KataView::complete) ? 0 : 1,
                views.stream().filter(v -> !v.complete()).count() + " of " + views.size() + " katas not finished yet");
    }

    /**
     * What Maven builds this time, from its {@code ${session.projects}} text: whether the board module is in it, and
     * the kata modules, in build order.
     */
    record Reactor(boolean board, List<Path> katas) {

        static Reactor parse(String sessionProjects, Path root) {
            List<Path> katas = new ArrayList<>();
            boolean board = false;
            Matcher m = PROJECT.matcher(sessionProjects);
            while (m.find()) {
                Path pom = Path.of(m.group(3).strip()).toAbsolutePath().normalize();
                if (m.group(2).equals("board")) {
                    board = true;
                } else if (pom.getParent().getParent().equals(root.resolve("katas"))) {
                    katas.add(pom.getParent());
                }
            }
            return new Reactor(board, List.copyOf(katas));
        }
    }

    /** A kata's view for the board; {@code builtSince} (when it was part of this build) flags one that did not run. */
    public static Board.KataView view(Path kataDir, Instant builtSince) {
        KataProgress progress = KataProgress.load(kataDir);
        // A test JVM that ended without a word (its supervisor was killed too): the marker it left says where it was.
        Optional<RunMarker.State> marker = RunMarker.ofKata(kataDir).read();
        if (progress.died().isEmpty()
                && marker.isPresent()
                && !marker.get().finished()
                && ProcessHandle.of(marker.get().pid()).map(p -> !p.isAlive()).orElse(true)) {
            progress = progress.withDied("the test JVM ended before its run did, "
                    + marker.get().where() + ", and nothing reported why (was the build killed?)");
        }
        Map<String, String> hashes = Sources.allHashes(kataDir.resolve("src/main/java"));
        String note = "";
        Words w = Words.current();
        Path file = kataDir.resolve(KataProgress.FILE);
        try {
            if (!Files.exists(file)) {
                note = builtSince != null ? w.get("note.nocompile") : w.get("note.notrun");
            } else if (builtSince != null
                    && Files.getLastModifiedTime(file).toInstant().isBefore(builtSince)) {
                note = w.get("note.nocompile");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the time of " + file, e);
        }
        return new Board.KataView(progress, hashes, Hints.of(kataDir, w.lang()), note);
    }

    /** Ends Maven's JVM with {@code code} right after the board, or throws (outside Maven, or -Dkatas.exit=false). */
    static void end(int code, String why) {
        System.out.flush();
        System.err.flush();
        boolean inMaven = System.getProperty("classworlds.conf") != null || System.getProperty("maven.home") != null;
        if (inMaven && !"false".equals(System.getProperty("katas.exit"))) {
            System.exit(code);
        }
        if (code != 0) {
            throw new NotFinished(why + "; the board above shows the next step.");
        }
    }

    static List<Path> kataDirectories(Path katas) {
        try (Stream<Path> dirs = Files.list(katas)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the katas in " + katas, e);
        }
    }

    private static Instant parse(String timestamp) {
        try {
            return Instant.parse(timestamp.strip());
        } catch (DateTimeParseException e) {
            return null; // not in Maven (or an odd format): no "did not run in this build" check
        }
    }

    private static int hints(String text) {
        try {
            return Math.max(1, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-Dhint=" + text + ": give the number of the hint you want, e.g. -Dhint=2");
        }
    }

    /** Thrown to fail a build with one plain sentence when Maven's JVM is not ours to end. */
    public static final class NotFinished extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotFinished(String message) {
            super(message, null, false, false);
        }
    }
}
