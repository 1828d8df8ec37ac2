package katas.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub workflows are valid: they parse as YAML and have the shape GitHub Actions requires (triggers, jobs
 * that say where they run, steps that either use an action pinned to a version or run a command, step outputs that
 * exist). No workflow linter for GitHub Actions is packaged in Maven Central or Debian, so this is the check.
 */
class WorkflowsTest {

    private static final Path ROOT = Path.of(System.getProperty("katas.root", "../.."));
    private static final Set<String> TOP =
            Set.of("name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs");
    private static final Set<String> JOB = Set.of(
            "name",
            "runs-on",
            "needs",
            "if",
            "permissions",
            "environment",
            "concurrency",
            "outputs",
            "env",
            "defaults",
            "steps",
            "timeout-minutes",
            "strategy",
            "continue-on-error",
            "container",
            "services");
    private static final Set<String> STEP = Set.of(
            "id",
            "if",
            "name",
            "uses",
            "run",
            "shell",
            "with",
            "env",
            "continue-on-error",
            "timeout-minutes",
            "working-directory");

    static List<Path> workflows() throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve(".github/workflows"))) {
            return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> load(Path file) throws IOException {
        return (Map<Object, Object>) new Yaml().load(Files.readString(file));
    }

    @Test
    @DisplayName("every workflow parses and has the shape GitHub Actions requires")
    @SuppressWarnings("unchecked")
    void wellFormed() throws IOException {
        assertThat(workflows()).as("workflows in .github/workflows").isNotEmpty();
        for (Path file : workflows()) {
            Map<Object, Object> w = load(file);
            String where = ROOT.relativize(file).toString();
            // YAML 1.1 reads the key "on" as true: both spellings are the trigger.
            Object on = w.containsKey("on") ? w.get("on") : w.get(Boolean.TRUE);
            assertThat(on).as("%s: the triggers ('on')", where).isNotNull();
            assertThat(w.keySet())
                    .as("%s: top-level keys", where)
                    .allSatisfy(k -> assertThat(k.equals(Boolean.TRUE) || TOP.contains(k))
                            .as("unknown top-level key %s", k)
                            .isTrue());
            Map<String, Object> jobs = (Map<String, Object>) w.get("jobs");
            assertThat(jobs).as("%s: jobs", where).isNotEmpty();
            for (Map.Entry<String, Object> job : jobs.entrySet()) {
                Map<String, Object> j = (Map<String, Object>) job.getValue();
                String at = where + " job " + job.getKey();
                assertThat(JOB).as("%s: keys", at).containsAll(j.keySet());
                assertThat(j).as("%s: runs-on", at).containsKey("runs-on");
                List<Map<String, Object>> steps = (List<Map<String, Object>>) j.get("steps");
                assertThat(steps).as("%s: steps", at).isNotEmpty();
                List<String> ids = new ArrayList<>();
                for (Map<String, Object> step : steps) {
                    assertThat(STEP).as("%s: step keys %s", at, step.keySet()).containsAll(step.keySet());
                    assertThat(step.containsKey("uses") ^ step.containsKey("run"))
                            .as("%s: step %s needs exactly one of 'uses' and 'run'", at, step.get("name"))
                            .isTrue();
                    if (step.containsKey("uses")) {
                        assertThat((String) step.get("uses"))
                                .as("%s: an action pinned to a version", at)
                                .matches("[\\w.-]+/[\\w./-]+@[\\w.-]+");
                    }
                    if (step.containsKey("id")) {
                        ids.add((String) step.get("id"));
                    }
                }
                Matcher refs = Pattern.compile("steps\\.([\\w-]+)\\.outputs").matcher(Files.readString(file));
                while (refs.find()) {
                    assertThat(ids)
                            .as("%s: a step with id '%s'", at, refs.group(1))
                            .contains(refs.group(1));
                }
            }
            String text = Files.readString(file);
            assertThat(text.split("\\$\\{\\{", -1).length)
                    .as("%s: every ${{ is closed", where)
                    .isEqualTo(text.split("}}", -1).length);
        }
    }

    @Test
    @DisplayName("the repository's CI workflow runs .ci/run with JDK 17 and JDK 25, within 90 minutes")
    @SuppressWarnings("unchecked")
    void ciRunsTheScript() throws IOException {
        Map<Object, Object> w = load(ROOT.resolve(".github/workflows/ci.yml"));
        Map<String, Object> job = (Map<String, Object>)
                ((Map<String, Object>) w.get("jobs")).values().iterator().next();
        assertThat((Integer) job.get("timeout-minutes")).isLessThanOrEqualTo(90);
        List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
        assertThat(steps)
                .filteredOn(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@"))
                .extracting(s -> String.valueOf(((Map<String, Object>) s.get("with")).get("java-version")))
                .containsExactlyInAnyOrder("17", "25");
        assertThat(steps)
                .anySatisfy(s -> assertThat(String.valueOf(s.get("run"))).isEqualTo("bash .ci/run"));
    }
}
