package dev.stowage.testkit.registry;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The child JVM of {@link InProcessRegistryNeedsNoBinaryIT}: checks that its {@code PATH} holds
 * no {@code docker-registry} and that {@code CI} is set (so a test looking for the program would
 * fail, not skip), runs the named test classes, prints their tally and exits 0 only if some ran
 * and all succeeded.
 */
public final class SuiteOnBarePath {
    private SuiteOnBarePath() {
    }

    public static void main(String[] classNames) throws Exception {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean registryOnPath = Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "docker-registry")));
        if (registryOnPath || System.getenv("CI") == null) {
            System.out.println("not a bare PATH with CI set: PATH=" + path + ", CI=" + System.getenv("CI"));
            System.exit(2);
        }
        int failures = 0;
        long succeeded = 0;
        for (String className : classNames) {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(Class.forName(className))).execute();
            Events tests = results.testEvents();
            System.out.println(className + ": " + tests.succeeded().count() + " succeeded, " + tests.failed().count()
                    + " failed, " + tests.aborted().count() + " aborted, " + tests.skipped().count() + " skipped"
                    + ", " + results.containerEvents().failed().count() + " classes failed");
            results.containerEvents().failed().stream().forEach(e -> System.out.println("  class failed: "
                    + e.getTestDescriptor().getDisplayName() + " " + e.getPayload().orElse("")));
            tests.failed().stream().forEach(e -> System.out.println("  failed: " + e.getTestDescriptor().getDisplayName()
                    + " " + e.getPayload().orElse("")));
            tests.aborted().stream().forEach(e -> System.out.println("  aborted: " + e.getTestDescriptor().getDisplayName()
                    + " " + e.getPayload().orElse("")));
            failures += tests.failed().count() + tests.aborted().count() + tests.skipped().count()
                    + results.containerEvents().failed().count();
            succeeded += tests.succeeded().count();
        }
        System.exit(failures == 0 && succeeded > 0 ? 0 : 1);
    }
}
