package katas.testkit.check;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs every kata test (not the jcstress proofs) found in a test-classes directory, in this JVM.
 * The known-wrong check starts it in a child JVM, with a known-wrong version first on the class path;
 * the results listener records the outcome (set {@code -Dkatas.results.dir}).
 *
 * <pre>  RunKataTests &lt;test classes dir&gt; [class name regex]</pre>
 */
public final class RunKataTests {

    private RunKataTests() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: RunKataTests <test classes dir> [class name regex]");
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(Path.of(args[0]))))
                .filters(TagFilter.excludeTags("jcstress"),
                        ClassNameFilter.includeClassNamePatterns(args.length > 1 ? args[1] : ".*"))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        summary.getSummary().printTo(new PrintWriter(System.out, true));
        System.exit(0);
    }
}
