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
        String svg = Chart.svg(ROWS, MACHINE, 2, 50_000_000);
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
        String md = Table.markdown(ROWS, MACHINE, 2, 50_000_000);
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
}
