package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Without {@code docker-registry} a class using Distribution is not silently empty: each of its
 * tests is skipped by an assumption saying what is missing and how to get it (a class whose
 * {@code @BeforeAll} aborts reports no test at all, so a build stayed green having tested
 * nothing), and under CI each fails. The binary may be named by a system property instead of
 * the {@code PATH}.
 */
class MissingRegistryTest {
    private static final Map<String, String> NO_REGISTRY = Map.of("PATH", "/nonexistent");

    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(RequiredTool.REGISTRY_PROPERTY);
    }

    @Test
    void eachTestIsSkippedWithTheReason() {
        EngineExecutionResults results = run(WithoutRegistry.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).aborted(2).succeeded(0).failed(0));
        List<String> reasons = results.testEvents().aborted().stream().map(MissingRegistryTest::reason).toList();
        reasons.forEach(reason -> {
            assertTrue(reason.contains("`docker-registry` is not on the PATH"), reason);
            assertTrue(reason.contains("-Dstowage.registry.binary=PATH or STOWAGE_REGISTRY_BINARY=PATH"), reason);
        });
    }

    @Test
    void underCiEachTestFails() {
        EngineExecutionResults results = run(WithoutRegistryUnderCi.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
    }

    @Test
    void aPropertyNamingNoExecutableSaysSo() {
        System.setProperty(RequiredTool.REGISTRY_PROPERTY, dir.resolve("nothing").toString());

        String message = RequiredTool.missingRegistryMessage(NO_REGISTRY);

        assertEquals("-Dstowage.registry.binary=" + dir.resolve("nothing")
                + " names no executable file: point it at the docker-registry binary (Distribution)", message);
    }

    @Test
    void thePropertyNamesTheBinaryOutsideThePath() throws IOException {
        Path binary = Files.createFile(dir.resolve("my-registry"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        System.setProperty(RequiredTool.REGISTRY_PROPERTY, binary.toString());

        assertEquals(binary, RequiredTool.findRegistry(NO_REGISTRY).orElseThrow());
    }

    @Test
    void theEnvironmentVariableNamesTheBinaryOutsideThePath() throws IOException {
        Path binary = Files.createFile(dir.resolve("my-registry"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertEquals(binary, RequiredTool.findRegistry(Map.of("PATH", "/nonexistent",
                RequiredTool.REGISTRY_VARIABLE, binary.toString())).orElseThrow());
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    private static String reason(Event event) {
        return event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
    }

    // Run only through the engine test kit (the build's test patterns skip nested classes).

    static class WithoutRegistry {
        @RegisterExtension
        static RegistryExtension registry = RegistryExtension.plain(NO_REGISTRY);

        @Test
        void pushes() {
        }

        @Test
        void pulls(TestRegistry injected) {
        }
    }

    static class WithoutRegistryUnderCi {
        @RegisterExtension
        static RegistryExtension registry = RegistryExtension.plain(Map.of("PATH", "/nonexistent", "CI", "true"));

        @Test
        void pushes() {
        }
    }
}
