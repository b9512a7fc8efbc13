package dev.stowage.testkit.registry;

import static dev.stowage.testkit.registry.SpecClient.digest;
import static dev.stowage.testkit.registry.SpecClient.errorCodes;
import static dev.stowage.testkit.registry.SpecClient.location;
import static dev.stowage.testkit.registry.SpecClient.random;
import static dev.stowage.testkit.registry.SpecClient.text;
import static dev.stowage.testkit.registry.SpecClient.withQuery;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.stowage.testkit.InProcessRegistry;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.RegistryStorage;
import dev.stowage.testkit.TestRegistry;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What the in-process registry adds to a registry: its request log, injected faults, switches a
 * real registry lacks, storage in memory or on disk, and its life cycle. Nothing here needs an
 * installed program.
 */
class InProcessRegistryIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.inProcess();

    private final SpecClient client = new SpecClient(registry.registry());

    @BeforeEach
    void forgetEarlierRequestsAndFaults() {
        registry.clearRequests();
        registry.faults().clear();
    }

    private static RecordedRequest only(RequestKind kind) {
        List<RecordedRequest> requests = registry.requests(kind);
        assertEquals(1, requests.size(), requests::toString);
        return requests.get(0);
    }

    @Test
    void requestLogCountsBodyBytesEachWay() {
        byte[] content = random(123_456, 1);
        HttpResponse<byte[]> post = client.send("POST", "/v2/log/app/blobs/uploads/", null);
        client.send("PATCH", location(post), content, "Content-Type", "application/octet-stream");
        client.send("PUT", withQuery(location(post), "digest", digest(content)), null);
        client.send("GET", "/v2/log/app/blobs/" + digest(content), null);

        RecordedRequest patch = only(RequestKind.UPLOAD_CHUNK);
        RecordedRequest get = only(RequestKind.BLOB_GET);
        assertEquals(new RecordedRequest(RequestKind.UPLOAD_CHUNK, "PATCH", location(post), 202, content.length, 0), patch);
        assertEquals(new RecordedRequest(RequestKind.BLOB_GET, "GET", "/v2/log/app/blobs/" + digest(content), 200, 0,
                content.length), get);
        assertEquals(List.of(RequestKind.UPLOAD_START, RequestKind.UPLOAD_CHUNK, RequestKind.UPLOAD_COMPLETE,
                RequestKind.BLOB_GET), registry.requests().stream().map(RecordedRequest::kind).toList());
    }

    @Test
    void clearRequestsForgetsWhatWasRecorded() {
        client.send("GET", "/v2/", null);

        registry.clearRequests();

        assertEquals(List.of(), registry.requests());
    }

    @Test
    void logFileHasAnAccessLineForEachRequest() throws Exception {
        client.send("GET", "/v2/_catalog?n=1", null);

        assertTrue(Files.readString(registry.logFile()).contains("\"GET /v2/_catalog?n=1 HTTP/1.1\" 200 "),
                Files.readString(registry.logFile()));
    }

    @Test
    void nthRequestOfAKindFailsWithTheStatusAndTheSpecsError() {
        String path = "/v2/faults/status/blobs/" + client.pushBlob("faults/status", random(10, 2));
        registry.faults().nth(2, RequestKind.BLOB_HEAD).respond(503);

        List<Integer> statuses = Stream.of(1, 2, 3).map(i -> client.send("HEAD", path, null).statusCode()).toList();

        assertEquals(List.of(200, 503, 200), statuses);
    }

    @Test
    void injectedStatusCarriesItsCodeAndHeaders() {
        registry.faults().nth(1, RequestKind.TAGS_LIST).respond(429, Map.of("Retry-After", "7"));

        HttpResponse<byte[]> response = client.send("GET", "/v2/faults/any/tags/list", null);

        assertEquals(429, response.statusCode());
        assertEquals(List.of("TOOMANYREQUESTS"), errorCodes(response));
        assertEquals(Optional.of("7"), response.headers().firstValue("Retry-After"));
    }

    @Test
    void everyRequestOfAKindFailsUntilTheFaultsAreCleared() {
        registry.faults().every(RequestKind.PING).respond(500);
        int during = client.send("GET", "/v2/", null).statusCode();
        int stillDuring = client.send("GET", "/v2/", null).statusCode();

        registry.faults().clear();

        assertEquals(List.of(500, 500, 200), List.of(during, stillDuring, client.send("GET", "/v2/", null).statusCode()));
    }

    @Test
    void resetCutsADownloadAfterTheGivenBytes() {
        byte[] content = random(200_000, 3);
        String path = "/v2/faults/download/blobs/" + client.pushBlob("faults/download", content);
        registry.faults().nth(1, RequestKind.BLOB_GET).resetAfter(50_000);

        assertThrows(UncheckedIOException.class, () -> client.send("GET", path, null));
        HttpResponse<byte[]> retry = client.send("GET", path, null);

        RecordedRequest cut = registry.requests(RequestKind.BLOB_GET).get(0);
        assertEquals(200, cut.status());
        assertEquals(50_000, cut.responseBodyBytes());
        assertArrayEquals(content, retry.body());
    }

    @Test
    void resetCutsAnUploadAfterTheGivenBytesAndKeepsThem() {
        byte[] content = random(200_000, 4);
        HttpResponse<byte[]> post = client.send("POST", "/v2/faults/upload/blobs/uploads/", null);
        registry.faults().nth(1, RequestKind.UPLOAD_CHUNK).resetAfter(80_000);

        assertThrows(UncheckedIOException.class, () -> client.send("PATCH", location(post), content,
                "Content-Type", "application/octet-stream"));
        HttpResponse<byte[]> status = client.send("GET", location(post), null);

        assertEquals(Optional.of("0-79999"), status.headers().firstValue("Range"), () -> text(status));
        assertEquals(-1, registry.requests(RequestKind.UPLOAD_CHUNK).get(0).status(), "no answer was sent");
    }

    @Test
    void delayHoldsTheAnswerBack() {
        registry.faults().nth(1, RequestKind.PING).delay(Duration.ofMillis(300));

        long start = System.nanoTime();
        int status = client.send("GET", "/v2/", null).statusCode();

        assertEquals(200, status);
        // A lower bound only: the registry sleeps before serving, so this cannot be flaky.
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void tlsHandshakeOnThePlainPortIsTurnedAwayAtOnce() {
        // Clients that try HTTPS before HTTP on an insecure registry (skopeo, podman, docker) must
        // fail fast, not wait for their handshake timeout. Bounded, so a wait fails the test.
        java.net.http.HttpClient https = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest probe = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://" + registry.host() + "/v2/")).timeout(Duration.ofSeconds(30)).build();

        Exception refused = assertThrows(Exception.class,
                () -> https.send(probe, java.net.http.HttpResponse.BodyHandlers.discarding()));

        assertTrue(refused instanceof javax.net.ssl.SSLException, refused.toString());
    }

    @Test
    void mountsTurnedOffOpenASessionInstead() {
        try (InProcessRegistry noMounts = InProcessRegistry.start(RegistryConfig.plain().withMountEnabled(false))) {
            SpecClient other = new SpecClient(noMounts);
            String digest = other.pushBlob("mount/source", random(10, 5));

            HttpResponse<byte[]> mount = other.send("POST", "/v2/mount/target/blobs/uploads/?mount=" + digest
                    + "&from=mount/source", null);

            assertEquals(202, mount.statusCode(), () -> text(mount));
            assertEquals(404, other.send("HEAD", "/v2/mount/target/blobs/" + digest, null).statusCode());
        }
    }

    @Test
    void referrersApiTurnedOffAnswers404AndNoSubjectHeader() {
        try (InProcessRegistry noReferrers = InProcessRegistry.start(RegistryConfig.plain().withReferrersApi(false))) {
            SpecClient other = new SpecClient(noReferrers);
            other.pushBlob("app", "{}".getBytes());
            String subject = SpecClient.descriptor(SpecClient.OCI_MANIFEST, "sha256:" + "4".repeat(64), 100);
            byte[] referrer = SpecClient.imageManifest(SpecClient.OCI_MANIFEST,
                    SpecClient.descriptor(SpecClient.OCI_CONFIG, digest("{}".getBytes()), 2), List.of(), subject, null, null);

            HttpResponse<byte[]> put = other.send("PUT", "/v2/app/manifests/1", referrer, "Content-Type",
                    SpecClient.OCI_MANIFEST);
            HttpResponse<byte[]> response = other.send("GET", "/v2/app/referrers/sha256:" + "4".repeat(64), null);

            assertEquals(201, put.statusCode(), () -> text(put));
            assertEquals(Optional.empty(), put.headers().firstValue("OCI-Subject"));
            assertEquals(404, response.statusCode());
        }
    }

    @Test
    void sha512DigestsAreVerifiedToo() throws Exception {
        byte[] content = random(5000, 6);
        String sha512 = "sha512:" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-512").digest(content));
        HttpResponse<byte[]> post = client.send("POST", "/v2/sha512/app/blobs/uploads/", null);

        HttpResponse<byte[]> put = client.send("PUT", withQuery(location(post), "digest", sha512), content);

        assertEquals(201, put.statusCode(), () -> text(put));
        assertArrayEquals(content, client.send("GET", "/v2/sha512/app/blobs/" + sha512, null).body());
    }

    @Test
    void filesystemStorageKeepsBlobsUnderStorageDir() throws Exception {
        client.pushBlob("storage/disk", random(100, 7));

        try (Stream<Path> files = Files.walk(registry.storageDir())) {
            assertTrue(files.anyMatch(Files::isRegularFile), "no blob file under " + registry.storageDir());
        }
    }

    @Test
    void memoryStorageWritesNoBlobToDisk() throws Exception {
        try (InProcessRegistry inMemory = InProcessRegistry.start(RegistryConfig.plain().withStorage(RegistryStorage.MEMORY))) {
            SpecClient other = new SpecClient(inMemory);
            byte[] content = random(3_000_000, 8);
            String digest = other.pushBlob("storage/memory", content);

            assertArrayEquals(content, other.send("GET", "/v2/storage/memory/blobs/" + digest, null).body());
            try (Stream<Path> files = Files.walk(inMemory.storageDir())) {
                assertFalse(files.anyMatch(Files::isRegularFile));
            }
        }
    }

    @Test
    void closeStopsServingAndDeletesTheDirectory() throws Exception {
        InProcessRegistry started = InProcessRegistry.start();
        int port = started.port();
        Path directory = started.storageDir().getParent();
        new SpecClient(started).pushBlob("closing/app", random(10, 9));

        started.close();

        assertFalse(started.isRunning());
        assertFalse(Files.exists(directory), "still there: " + directory);
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
    }

    @Test
    void modesOfItsOwnAreRefused() {
        RegistryMode distributionOnly = (config, dir) -> config.set("storage.cache.blobdescriptor", "inmemory");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InProcessRegistry.start(RegistryConfig.plain().withMode(distributionOnly)));

        assertTrue(e.getMessage().contains("the kit's own modes"), e.getMessage());
    }

    @Test
    void extensionGivesEachClassItsRegistryAndInjectsIt() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UsesInProcess.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0).aborted(0));
        Map<String, String> seen = results.allEvents().reportingEntryPublished()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs()).findFirst().orElseThrow();
        assertFalse(Files.exists(Path.of(seen.get("storageDir"))), "the class's registry directory is deleted after it");
        assertThrows(ConnectException.class,
                () -> new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(seen.get("port"))).close());
    }

    // Runs only through the engine test kit (the build's test patterns skip nested classes).
    static class UsesInProcess {
        @RegisterExtension
        static RegistryExtension own = RegistryExtension.inProcess();

        @Test
        void reportsItsRegistry(InProcessRegistry injected, TestRegistry asTestRegistry, TestReporter reporter) {
            assertSame(own.registry(), injected);
            assertSame(injected, asTestRegistry);
            assertTrue(injected.isRunning());
            reporter.publishEntry(Map.of("port", String.valueOf(injected.port()),
                    "storageDir", injected.storageDir().toString()));
        }
    }
}
