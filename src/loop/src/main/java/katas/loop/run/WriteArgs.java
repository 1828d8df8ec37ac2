package katas.loop.run;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Writes {@code src/loop/target/loop.args}: {@code -cp <the loop's run-time class path>}, so that any build step can
 * start the loop's tools with {@code java @src/loop/target/loop.args <main class> ...}. Run by the loop module's
 * build through {@code exec:java}, whose class loader holds exactly that class path.
 */
public final class WriteArgs {

    private WriteArgs() {}

    public static void main(String[] args) throws IOException, URISyntaxException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: WriteArgs <output file>");
        }
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        entries.add(Path.of(url.toURI()).toString());
                    }
                }
            }
        }
        String cp = String.join(File.pathSeparator, entries);
        // A java @argfile: quoted, with backslashes doubled (Windows paths).
        String text = "-cp\n\"" + cp.replace("\\", "\\\\") + "\"\n";
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }
}
