package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class RegistryExtensionIT {

    private static final String SOME_MANIFEST =
            "/v2/kit/app/manifests/sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registryAnswersTheApiVersionCheckWith200() throws Exception {
        HttpResponse<String> response = get(registry.url().resolve("/v2/"));

        assertEquals(200, response.statusCode());
        assertEquals("registry/2.0", response.headers().firstValue("Docker-Distribution-Api-Version").orElse(""));
    }

    @Test
    void hostIsLoopbackWithThePortTheUrlUses() {
        assertEquals("127.0.0.1:" + registry.registry().port(), registry.host());
        assertEquals(URI.create("http://" + registry.host()), registry.url());
    }

    @Test
    void injectsTheRunningRegistryAsAParameter(TestRegistry injected) {
        assertSame(registry.registry(), injected);
    }

    @Test
    void logFileRecordsEachRequestInTheAccessLog() throws Exception {
        get(registry.url().resolve("/v2/_catalog?marker=access-log-check"));

        assertTrue(Files.readString(registry.logFile()).contains("\"GET /v2/_catalog?marker=access-log-check HTTP/1.1\" 200"));
    }

    @Test
    void deletionIsEnabledByDefault() throws Exception {
        // Enabled: the registry looks the manifest up and does not find it.
        assertEquals(404, delete(registry.url().resolve(SOME_MANIFEST)).statusCode());
    }

    @Test
    void registryWithDeletionDisabledRefusesDeletes() throws Exception {
        try (TestRegistry readOnly = TestRegistry.start(RegistryConfig.plain().withDeleteEnabled(false))) {
            HttpResponse<String> response = delete(readOnly.url().resolve(SOME_MANIFEST));

            assertEquals(405, response.statusCode());
            assertTrue(response.body().contains("UNSUPPORTED"), response.body());
        }
    }

    @Test
    void startFailsWithTheRegistryLogWhenTheRegistryCannotStart() {
        RegistryMode twoStorageDrivers = (config, dir) -> config.set("storage.inmemory", Map.of());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestRegistry.start(RegistryConfig.plain().withMode(twoStorageDrivers)));

        assertTrue(e.getMessage().contains("exited before answering GET /v2/"), e.getMessage());
        assertTrue(e.getMessage().contains("must provide exactly one storage type"), e.getMessage());
    }

    @Test
    void classRegistryIsStoppedAndItsDirectoryDeletedAfterTheClass() throws Exception {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(UsesExtendWith.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0).aborted(0));
        Map<String, String> seen = reported(results);
        Path directory = Path.of(seen.get("storageDir")).getParent();

        assertFalse(Files.exists(directory), "registry directory still exists: " + directory);
        assertThrows(ConnectException.class,
                () -> new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(seen.get("port"))).close());
    }

    @Test
    void nestedClassesShareTheEnclosingClassRegistry() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(HasNestedClass.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0).aborted(0));
        List<String> ports = reportedEntries(results).stream().map(entry -> entry.get("port")).distinct().toList();
        assertEquals(1, ports.size(), "ports seen: " + ports);
    }

    // The classes below run only through the engine test kit (the build's test patterns skip nested classes).

    static class HasNestedClass {
        @RegisterExtension
        static RegistryExtension outer = RegistryExtension.plain();

        @Test
        void reportsItsRegistry(TestReporter reporter) {
            reporter.publishEntry("port", String.valueOf(outer.registry().port()));
        }

        @Nested
        class Inner {
            @Test
            void reportsTheRegistryItIsGiven(TestRegistry injected, TestReporter reporter) {
                assertSame(outer.registry(), injected);
                reporter.publishEntry("port", String.valueOf(injected.port()));
            }
        }
    }

    @ExtendWith(RegistryExtension.class)
    static class UsesExtendWith {
        @Test
        void reportsItsRegistry(TestRegistry registry, TestReporter reporter) {
            assertTrue(registry.isRunning());
            assertTrue(Files.isDirectory(registry.storageDir()));
            reporter.publishEntry(Map.of("port", String.valueOf(registry.port()), "storageDir", registry.storageDir().toString()));
        }
    }

    private static Map<String, String> reported(EngineExecutionResults results) {
        List<Map<String, String>> entries = reportedEntries(results);
        assertEquals(1, entries.size());
        return entries.get(0);
    }

    private static List<Map<String, String>> reportedEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .toList();
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}
