package katas.loop.grade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;
import katas.loop.progress.StepProgress;
import katas.loop.progress.StepState;

/**
 * The autograder's verdict on one step: exit 0 when the step is done, 1 when it is not, 2 when the kata's tests or
 * machinery were changed (then nothing counts). It reads the progress file the preceding {@code ./mvnw test} wrote,
 * and judges the step against the learner's files as they are (a step whose files changed after it passed is not
 * done).
 *
 * <pre>  Grade &lt;root&gt; &lt;kata folder, e.g. 01-racy-counter&gt; &lt;step&gt; &lt;SHA-256 of the given-files manifest&gt;</pre>
 */
public final class Grade {

    private Grade() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.out.println("usage: Grade <root> <kata folder> <step> <manifest sha256>");
            System.exit(2);
        }
        System.exit(grade(Path.of(args[0]), args[1], Integer.parseInt(args[2]), args[3]));
    }

    static int grade(Path root, String kata, int step, String manifestHash) {
        List<String> changed = Given.differences(root, manifestHash);
        if (!changed.isEmpty()) {
            System.out.println("NOT GRADED: the kata's tests or machinery are not the ones handed out: "
                    + String.join("; ", changed.subList(0, Math.min(10, changed.size())))
                    + (changed.size() > 10 ? "; and " + (changed.size() - 10) + " more" : "")
                    + ". Only src/main/java of each kata is yours: restore the rest.");
            return 2;
        }
        Path kataDir = root.resolve("katas").resolve(kata);
        Path file = kataDir.resolve(KataProgress.FILE);
        if (!Files.isRegularFile(file)) {
            System.out.println("kata " + kata + " step " + step + ": not run (no " + root.relativize(file)
                    + "; does the kata compile?)");
            return 1;
        }
        KataProgress progress = KataProgress.load(kataDir);
        Optional<StepProgress> s =
                progress.steps().stream().filter(p -> p.number() == step).findFirst();
        if (s.isEmpty()) {
            System.out.println("kata " + kata + " has no step " + step + " in its progress file");
            return 1;
        }
        Map<String, String> hashes = Sources.allHashes(kataDir.resolve("src/main/java"));
        StepState state = s.get().state(hashes);
        System.out.println("kata " + kata + " step " + step + " (" + s.get().title() + "): " + state
                + (state == StepState.DONE ? "" : " - " + s.get().firstFailure()));
        return state == StepState.DONE ? 0 : 1;
    }
}
