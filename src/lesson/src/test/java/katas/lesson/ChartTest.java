package katas.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ChartTest {

    private static final long EXPECTED = 100_000_000;
    private static final Machine MACHINE = new Machine("Test CPU", 2, "Linux amd64", "OpenJDK 17", "3.11.7");

    private static final List<Row> ROWS = List.of(
            new Row("threads, racy", "Java", "01", EXPECTED, 53_298_096, 0.9, 1.8, "lost"),
            new Row("threads, AtomicLong", "Java", "01", EXPECTED, EXPECTED, 0.8, 1.6, ""),
            new Row("processes + Queue", "Python", "", EXPECTED, EXPECTED, 2.0, 3.9, ""),
            Row.missing("processes + pipe", "Java", "03", EXPECTED, "kata 03 is not in this repository yet"));

    @Test
    @DisplayName("the SVG is well-formed: a bar per approach that ran, wrong totals marked, missing ones named")
    void svg() throws Exception {
        String svg = Chart.svg(ROWS, MACHINE, Conditions.unknown(2), 2, 50_000_000);
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList rects = doc.getElementsByTagName("rect");
        int bars = 0;
        int wrong = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("class").startsWith("bar")) {
                bars++;
                if (r.getAttribute("class").contains("wrong")) {
                    wrong++;
                    assertThat(r.getAttribute("data-total")).isEqualTo("53298096");
                }
            }
        }
        assertThat(bars).as("one bar per row that ran").isEqualTo(3);
        assertThat(wrong).as("the racy row is marked wrong").isEqualTo(1);
        assertThat(svg)
                .contains("WRONG total 53,298,096", "not run: kata 03 is not in this repository yet")
                .contains("2 cores", "OpenJDK 17", "Python 3.11.7");
    }

    @Test
    @DisplayName("the Markdown table has a row per approach, wrong totals in bold, and the machine")
    void markdown() {
        String md = Table.markdown(ROWS, MACHINE, Conditions.unknown(2), 2, 50_000_000);
        assertThat(md.lines().filter(l -> l.startsWith("| ")).count())
                .as("header + 4 rows")
                .isEqualTo(5);
        assertThat(md).contains("**WRONG: 46,701,904 lost**", "2 workers x 50,000,000 = 100,000,000", "2 cores");
    }

    @Test
    @DisplayName("a Python program's JSON line becomes a row")
    void pythonLine() {
        Row r = PythonScripts.parse(
                "processes + Queue",
                EXPECTED,
                "{\"approach\": \"x\", \"total\": 100000000, \"expected\": 100000000, \"wall_s\": 1.91,"
                        + " \"cpu_s\": 3.8, \"note\": \"a \\\"quoted\\\" note\"}");
        assertThat(r.total()).isEqualTo(EXPECTED);
        assertThat(r.wall()).isEqualTo(1.91);
        assertThat(r.cpu()).isEqualTo(3.8);
        assertThat(r.note()).isEqualTo("a \\\"quoted\\\" note");
    }

    @Test
    @DisplayName("a busy run says BUSY in the Markdown and the chart, and a scaled row says how it was scaled")
    void busyAndScaled() throws Exception {
        Conditions busy =
                new Conditions(2, 19.5, 20.1, new Beside.Use(1.7, List.of(new Beside.Other(42, "java", 12.5))));
        Row measured = new Row(
                "processes + shared memory, Semaphore per increment",
                "Python",
                "",
                10_000_000,
                10_000_000,
                2.5,
                4.9,
                "");
        Row scaled = PythonScripts.scaled(measured, 10, 2, 5_000_000).withOthers(1.2);
        List<Row> rows = List.of(ROWS.get(0), scaled);
        String md = Table.markdown(rows, MACHINE, busy, 2, 50_000_000);
        assertThat(md)
                .startsWith("**BUSY RUN")
                .contains("load average (1 min) 19.50 before, 20.10 after, on 2 cores")
                .contains("java (pid 42) 12.5 s CPU")
                .contains("(1/10 size, times x10)", "~25.00 s", "run at 2 x 5,000,000 (1/10 of the workload, 2.50 s)")
                .contains("1.20 (busy)");
        String svg = Chart.svg(rows, MACHINE, busy, 2, 50_000_000);
        DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg).contains("BUSY RUN (not the lesson's numbers)", "class=\"conditions busy\"", "bar scaled");
        assertThat(Conditions.unknown(2).busy())
                .as("unknown conditions are not busy")
                .isFalse();
        assertThat(new Conditions(2, 0.3, 2.4, new Beside.Use(0.1, List.of())).busy())
                .as("the lesson's own load after the run does not make it busy")
                .isFalse();
    }

    @Test
    @DisplayName("the floor line puts each process row against confined threads plus one JVM start")
    void floor() {
        List<Row> rows = List.of(
                new Row(
                        "threads, confined: each counts alone, then add",
                        "Java",
                        "01",
                        EXPECTED,
                        EXPECTED,
                        0.32,
                        0.6,
                        ""),
                new Row("processes + queue (Unix domain socket)", "Java", "02", EXPECTED, EXPECTED, 0.63, 1.1, ""),
                new Row("processes + queue", "Python", "", EXPECTED, EXPECTED, 1.6, 3.2, ""));
        assertThat(Floor.line(rows, 0.10))
                .contains("confined threads 0.32 s + one JVM start 0.100 s", "= 0.42 s")
                .contains("processes + queue (Unix domain socket) 1.50x")
                .doesNotContain("3.8");
        assertThat(Floor.line(rows, -1)).as("no JVM start measured: no line").isEmpty();
    }
}
