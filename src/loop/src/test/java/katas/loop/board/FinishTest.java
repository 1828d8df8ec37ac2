package katas.loop.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Finish: who ends the build, from Maven's list of projects")
class FinishTest {

    static final Path ROOT = Path.of("/work/repo");

    @Test
    @DisplayName("a whole build: the board module is there, every kata in order")
    void wholeBuild() {
        Finish.Reactor r = Finish.Reactor.parse(
                "reactor [MavenProject: katas:concurrency-katas:1.0.0-SNAPSHOT @ /work/repo/pom.xml,"
                        + " MavenProject: katas:kit:1.0.0-SNAPSHOT @ /work/repo/src/kit/pom.xml,"
                        + " MavenProject: katas:katas:1.0.0-SNAPSHOT @ /work/repo/katas/pom.xml,"
                        + " MavenProject: katas:kata-01-racy-counter:1.0.0-SNAPSHOT @ /work/repo/katas/01-racy-counter/pom.xml,"
                        + " MavenProject: katas:kata-02-process-queue:1.0.0-SNAPSHOT @ /work/repo/katas/02-process-queue/pom.xml,"
                        + " MavenProject: katas:board:1.0.0-SNAPSHOT @ /work/repo/src/board/pom.xml]",
                ROOT);
        assertThat(r.board()).isTrue();
        assertThat(r.katas())
                .containsExactly(ROOT.resolve("katas/01-racy-counter"), ROOT.resolve("katas/02-process-queue"));
    }

    @Test
    @DisplayName("-pl one kata -am: no board module; the kata parent and the solutions are not katas")
    void oneKata() {
        Finish.Reactor r = Finish.Reactor.parse(
                "reactor [MavenProject: katas:katas:1.0.0-SNAPSHOT @ /work/repo/katas/pom.xml,"
                        + " MavenProject: katas:kata-01-racy-counter:1.0.0-SNAPSHOT @ /work/repo/katas/01-racy-counter/pom.xml,"
                        + " MavenProject: katas:solution-01-racy-counter:1.0.0-SNAPSHOT @ /work/repo/solutions/01-racy-counter/pom.xml]",
                ROOT);
        assertThat(r.board()).isFalse();
        assertThat(r.katas()).containsExactly(ROOT.resolve("katas/01-racy-counter"));
    }
}
