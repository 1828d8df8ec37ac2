package katas.testkit.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The file a kata's test run leaves behind for the gate and the board:
 * {@code target/kata-results/results.tsv}, one {@link TestRecord} a line.
 */
public final class ResultsFile {

    /** The system property that tells the listener where to write; unset in an IDE, so nothing is written there. */
    public static final String DIR_PROPERTY = "katas.results.dir";

    private ResultsFile() {
    }

    public static Path in(Path dir) {
        return dir.resolve("results.tsv");
    }

    public static synchronized void append(Path file, TestRecord record) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, record.toLine() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the kata results file " + file, e);
        }
    }

    /** The records in {@code file}; an empty list when no test ran (the file does not exist). */
    public static List<TestRecord> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .map(TestRecord::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the kata results file " + file, e);
        }
    }
}
