package katas.tools.report;

import static katas.loop.progress.Fixtures.failed;
import static katas.loop.progress.Fixtures.passed;
import static katas.loop.progress.Fixtures.step;
import static katas.loop.progress.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepProgress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ClassReportTest {

    @TempDir
    Path tmp;

    /** Three made-up learners: a checkout, loose progress files, and one with a broken file. */
    private Path classFolder() throws Exception {
        Path root = tmp.resolve("class");
        Map<String, String> s1 = Map.of("katas/demo/A.java", "aaaa");
        Map<String, String> s2 = Map.of("katas/demo/B.java", "bbbb");
        KataProgress k1Done = kata(
                "01",
                "racy counter",
                "2026-11-20T09:00:00Z",
                step(1, s1, passed("a")),
                step(2, s1, passed("b")),
                step(3, s2, passed("c")));
        KataProgress k1Half = kata(
                "01",
                "racy counter",
                "2026-11-21T10:00:00Z",
                step(1, s1, passed("a")),
                step(2, s1, failed("b", "lost updates")),
                step(3, s2, todo("c")));
        KataProgress k2Some = kata(
                "02",
                "process queue",
                "2026-11-22T11:30:00Z",
                step(1, s1, passed("a")),
                step(2, s2, todo("b")),
                step(3, s2, todo("c")),
                step(4, s2, todo("d")));
        // alice: a checkout, two katas
        save(k1Done, root.resolve("alice/katas/01-racy-counter/target/kata-progress.properties"));
        save(k2Some, root.resolve("alice/katas/02-process-queue/target/kata-progress.properties"));
        // bob: progress files handed in, renamed
        save(k1Half, root.resolve("bob/01-racy-counter.properties"));
        // "<carol>": a name that must be escaped, and a broken file
        Path carol = Files.createDirectories(root.resolve("<carol> & co"));
        Files.writeString(carol.resolve("02-process-queue.properties"), "format=2\nkata=02\nsteps=3\n");
        return root;
    }

    private static KataProgress kata(String id, String title, String updated, StepProgress... steps) {
        return new KataProgress(id, title, "katas/" + id + "-x", List.of(steps), List.of(), updated);
    }

    private static void save(KataProgress p, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Map<String, String> hashes = new HashMap<>();
        p.steps().forEach(s -> hashes.putAll(s.sources()));
        p.saveTo(file, hashes);
    }

    private static int stepsDone(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return Integer.parseInt(p.getProperty("steps.done"));
    }

    @Test
    @DisplayName("the page's numbers are the progress files' own: steps done per learner and kata, and in total")
    void pageMatchesProgressFiles() throws Exception {
        Path root = classFolder();
        Path html = tmp.resolve("out/report.html");
        ClassReport.writeHtml(html, ClassReport.read(root), "2026-11-26T00:00:00Z");

        Document page =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile());
        NodeList rows = page.getElementsByTagName("tr");
        Map<String, Element> learnerRows = new HashMap<>();
        for (int i = 0; i < rows.getLength(); i++) {
            Element row = (Element) rows.item(i);
            if (row.getAttribute("class").equals("learner")) {
                learnerRows.put(row.getAttribute("data-learner"), row);
            }
        }
        assertThat(learnerRows).as("one row per learner folder").containsOnlyKeys("alice", "bob", "<carol> & co");

        int alice1 = stepsDone(root.resolve("alice/katas/01-racy-counter/target/kata-progress.properties"));
        int alice2 = stepsDone(root.resolve("alice/katas/02-process-queue/target/kata-progress.properties"));
        int bob1 = stepsDone(root.resolve("bob/01-racy-counter.properties"));
        assertThat(cell(learnerRows.get("alice"), "01")).isEqualTo(alice1).isEqualTo(3);
        assertThat(cell(learnerRows.get("alice"), "02")).isEqualTo(alice2).isEqualTo(1);
        assertThat(cell(learnerRows.get("bob"), "01")).isEqualTo(bob1).isEqualTo(1);
        assertThat(cell(learnerRows.get("bob"), "02"))
                .as("no file for kata 02: nothing done")
                .isZero();
        assertThat(learnerRows.get("alice").getAttribute("data-done")).isEqualTo(String.valueOf(alice1 + alice2));
        assertThat(learnerRows.get("alice").getAttribute("data-steps"))
                .as("3 steps in kata 01, 4 in kata 02")
                .isEqualTo("7");
        assertThat(learnerRows.get("<carol> & co").getTextContent())
                .as("a broken progress file is named on its learner's row")
                .contains("unreadable");
        assertThat(Files.readString(html)).doesNotContain("<carol>").contains("&lt;carol&gt; &amp; co");
    }

    private static int cell(Element row, String kata) {
        NodeList cells = row.getElementsByTagName("td");
        for (int i = 0; i < cells.getLength(); i++) {
            Element c = (Element) cells.item(i);
            if (c.getAttribute("data-kata").equals(kata)) {
                return Integer.parseInt(c.getAttribute("data-done"));
            }
        }
        throw new AssertionError("no cell for kata " + kata + " in row " + row.getAttribute("data-learner"));
    }

    @Test
    @DisplayName("the terminal table has a row per learner with steps done, total and the last run")
    void table() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClassReport.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), ClassReport.read(classFolder()));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table.lines())
                .anySatisfy(
                        l -> assertThat(l).startsWith("alice").contains("3/3", "1/4", "4/7", "2026-11-22T11:30:00Z"))
                .anySatisfy(l -> assertThat(l).startsWith("bob").contains("1/3", "-", "1/7"));
        assertThat(table).contains("unreadable", "01 racy counter (3 steps)", "02 process queue (4 steps)");
    }

    @Test
    @DisplayName("in a checkout, a step whose files changed since it passed is not counted as done")
    void changedFilesDoNotCount() throws Exception {
        Path root = classFolder();
        Path sources = Files.createDirectories(root.resolve("alice/katas/01-x/src/main/java/katas/demo"));
        Files.writeString(sources.resolve("A.java"), "class A {}");
        Files.writeString(sources.resolve("B.java"), "class B {}");
        ClassReport.Report report = ClassReport.read(root);
        assertThat(ClassReport.cell(report, "alice", "01"))
                .get()
                .as("A.java and B.java differ from the hashes the steps passed with")
                .extracting(ClassReport.Cell::done)
                .isEqualTo(0);
    }
}
