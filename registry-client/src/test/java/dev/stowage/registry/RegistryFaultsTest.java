package dev.stowage.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stowage.core.Credential;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.RegistryException;
import dev.stowage.core.TooManyRequestsException;
import dev.stowage.core.UnsupportedException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.RateLimit;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.registry.tls.CertsDirectories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults a real registry cannot produce on demand, played by WireMock. */
class RegistryFaultsTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(20));

    private WireMockServer server;
    private WireMockServer storage;
    private String registry;
    private ImageReference repo;
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final ProgressListener recorder = events::add;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        storage = new WireMockServer(options().dynamicPort());
        storage.start();
        registry = "127.0.0.1:" + server.port();
        repo = ImageReference.parse(registry + "/app");
    }

    @AfterEach
    void stop() {
        server.stop();
        storage.stop();
    }

    private RegistryClient client(RetryPolicy policy, CredentialProvider credentials) {
        return RegistryClient.builder().credentials(credentials).certsDirectories(CertsDirectories.none())
                .retryPolicy(policy).build();
    }

    private RegistryClient client() {
        return client(FAST, CredentialProvider.anonymous());
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String blobPath(Digest d) {
        return "/v2/app/blobs/" + d;
    }

    private List<ProgressEvent.Retrying> retries() {
        return events.stream().filter(ProgressEvent.Retrying.class::isInstance).map(ProgressEvent.Retrying.class::cast)
                .toList();
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterThenSucceeds() {
        byte[] manifest = TestManifests.anyManifest();
        server.stubFor(get("/v2/app/manifests/1").inScenario("rate").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}"))
                .willSetStateTo("open"));
        server.stubFor(get("/v2/app/manifests/1").inScenario("rate").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                        .withHeader("ratelimit-limit", "100;w=21600").withHeader("ratelimit-remaining", "76;w=21600")
                        .withBody(manifest)));
        RemoteManifest m = client().fetchManifest(ImageReference.parse(registry + "/app:1"));
        assertEquals(Digest.sha256(manifest), m.digest());
        assertEquals(Optional.of(new RateLimit(100, 76, Optional.of(Duration.ofHours(6)))), m.rateLimit());
        assertEquals(2, server.findAll(getRequestedFor(urlEqualTo("/v2/app/manifests/1"))).size());
    }

    @Test
    void retryAfterIsTheWaitReportedToTheListener() {
        Digest d = Digest.sha256(new byte[] {9});
        server.stubFor(get(urlEqualTo(blobPath(d))).inScenario("rate").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("open"));
        server.stubFor(get(urlEqualTo(blobPath(d))).inScenario("rate").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withBody(new byte[] {9})));
        RetryPolicy waitsUpToASecond = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofSeconds(20));
        client(waitsUpToASecond, CredentialProvider.anonymous()).fetchBlob(repo, d, 1, new ByteArrayOutputStream(),
                recorder);
        assertEquals(1, retries().size());
        assertEquals(Duration.ofSeconds(1), retries().get(0).delay());
        assertEquals("HTTP 429", retries().get(0).reason());
    }

    @Test
    void tooManyRequestsThatPersistsNamesTheWait() {
        server.stubFor(get("/v2/app/manifests/1").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}")));
        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20));
        TooManyRequestsException e = assertThrows(TooManyRequestsException.class,
                () -> client(twice, CredentialProvider.anonymous()).fetchManifest(ImageReference.parse(registry + "/app:1")));
        assertEquals(Optional.of(Duration.ofSeconds(1)), e.retryAfter());
        assertTrue(e.getMessage().contains("retry after 1 s"), e.getMessage());
        assertEquals(2, server.findAll(getRequestedFor(urlEqualTo("/v2/app/manifests/1"))).size());
    }

    @Test
    void burstOfServiceUnavailableIsRetriedUntilTheRegistryRecovers() {
        Digest d = Digest.sha256(new byte[] {1});
        String state = STARTED;
        for (int i = 1; i <= 3; i++) {
            server.stubFor(head(urlEqualTo(blobPath(d))).inScenario("burst").whenScenarioStateIs(state)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("after" + i));
            state = "after" + i;
        }
        server.stubFor(head(urlEqualTo(blobPath(d))).inScenario("burst").whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "1")));
        assertEquals(OptionalLong.of(1), client().checkBlob(repo, d));
        assertEquals(4, server.findAll(headRequestedFor(urlEqualTo(blobPath(d)))).size());
    }

    @Test
    void serviceUnavailableBeyondTheAttemptsFailsWithTheStatus() {
        Digest d = Digest.sha256(new byte[] {1});
        server.stubFor(head(urlEqualTo(blobPath(d))).willReturn(aResponse().withStatus(503)));
        RegistryException e = assertThrows(RegistryException.class, () -> client().checkBlob(repo, d));
        assertEquals(503, e.statusCode());
        assertEquals(FAST.maxAttempts(), server.findAll(headRequestedFor(urlEqualTo(blobPath(d)))).size());
    }

    @Test
    void brokenDownloadResumesFromTheBytesAlreadyReceived() {
        byte[] blob = random(300_000, 1);
        Digest d = Digest.sha256(blob);
        int cut = 120_000;
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", absent()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(blob.length)).withBody(java.util.Arrays.copyOf(blob, cut))));
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", equalTo("bytes=" + cut + "-"))
                .willReturn(aResponse().withStatus(206)
                        .withHeader("Content-Range", "bytes " + cut + "-" + (blob.length - 1) + "/" + blob.length)
                        .withBody(java.util.Arrays.copyOfRange(blob, cut, blob.length))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = client().fetchBlob(repo, d, blob.length, out, recorder);
        assertArrayEquals(blob, out.toByteArray());
        assertEquals(blob.length, written);
        List<LoggedRequest> requests = server.findAll(getRequestedFor(urlEqualTo(blobPath(d))));
        // Seen once (1 CI run of 3, passing 3 of 3 alone): the resumed request was sent twice (likely its first connection
        // closed before an answer, and idempotent requests are tried again); what must hold is
        // that nothing after the first request starts again from byte 0.
        List<String> ranges = requests.stream().map(r -> String.valueOf(r.getHeader("Range"))).toList();
        assertEquals("null", ranges.get(0), ranges.toString());
        assertTrue(requests.size() <= 3, ranges.toString());
        ranges.subList(1, ranges.size()).forEach(range -> assertEquals("bytes=" + cut + "-", range, ranges.toString()));
    }

    @Test
    void downloadThatKeepsMovingIsResumedBeyondTheAttemptsOfTheRetryPolicy() {
        byte[] blob = random(400_000, 7);
        Digest d = Digest.sha256(blob);
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", absent()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(blob.length)).withBody(java.util.Arrays.copyOf(blob, 100_000))));
        for (int from = 100_000; from < blob.length; from += 100_000) {
            int to = from + 100_000 < blob.length ? from + 100_000 : blob.length; // each but the last breaks midway
            server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", equalTo("bytes=" + from + "-"))
                    .willReturn(aResponse().withStatus(206)
                            .withHeader("Content-Range", "bytes " + from + "-" + (blob.length - 1) + "/" + blob.length)
                            .withHeader("Content-Length", String.valueOf(blob.length - from))
                            .withBody(java.util.Arrays.copyOfRange(blob, from, to))));
        }
        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        client(twice, CredentialProvider.anonymous()).fetchBlob(repo, d, blob.length, out, recorder);

        assertArrayEquals(blob, out.toByteArray());
        assertTrue(retries().size() > twice.maxAttempts(), retries().toString());
    }

    @Test
    void resumeRequestsThatFailBeforeAnyAnswerCountAsOneMoreBreakNotTheEndOfTheDownload() {
        byte[] blob = random(200_000, 9);
        Digest d = Digest.sha256(blob);
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", absent()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(blob.length)).withBody(java.util.Arrays.copyOf(blob, 100_000))));
        // The transport's own three attempts at the resume all fail, as when a body breaks off before
        // the client hands its response over; the download's next attempt gets the rest. Six
        // failures: the JDK client itself sends once more a request whose connection closed at once.
        String state = STARTED;
        for (int i = 1; i <= 6; i++) {
            server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", equalTo("bytes=100000-")).inScenario("resume")
                    .whenScenarioStateIs(state).willSetStateTo("failed " + i)
                    .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.EMPTY_RESPONSE)));
            state = "failed " + i;
        }
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", equalTo("bytes=100000-")).inScenario("resume")
                .whenScenarioStateIs(state).willReturn(aResponse().withStatus(206)
                        .withHeader("Content-Range", "bytes 100000-199999/200000")
                        .withBody(java.util.Arrays.copyOfRange(blob, 100_000, blob.length))));
        RetryPolicy thrice = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        client(thrice, CredentialProvider.anonymous()).fetchBlob(repo, d, blob.length, out, recorder);

        assertArrayEquals(blob, out.toByteArray());
    }

    @Test
    void contentRangeWithANumberTooLargeForALongIsAProtocolError() {
        byte[] blob = random(200_000, 8);
        Digest d = Digest.sha256(blob);
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", absent()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(blob.length)).withBody(java.util.Arrays.copyOf(blob, 50_000))));
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", equalTo("bytes=50000-"))
                .willReturn(aResponse().withStatus(206)
                        .withHeader("Content-Range", "bytes 99999999999999999999-199999/200000")
                        .withBody(java.util.Arrays.copyOfRange(blob, 50_000, blob.length))));

        RegistryException e = assertThrows(RegistryException.class,
                () -> client().fetchBlob(repo, d, blob.length, new ByteArrayOutputStream(), recorder));

        assertTrue(e.getMessage().contains("unusable Content-Range"), e.getMessage());
    }

    @Test
    void serverIgnoringRangeIsReadAgainAndTheReceivedPrefixSkipped() {
        byte[] blob = random(200_000, 2);
        Digest d = Digest.sha256(blob);
        int cut = 50_000;
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", absent()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(blob.length)).withBody(java.util.Arrays.copyOf(blob, cut))));
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", equalTo("bytes=" + cut + "-"))
                .willReturn(aResponse().withStatus(200).withBody(blob)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client().fetchBlob(repo, d, blob.length, out, recorder);
        assertArrayEquals(blob, out.toByteArray());
    }

    @Test
    void blobWhoseBytesDoNotMatchItsDigestIsRefused() {
        byte[] blob = random(10_000, 3);
        Digest claimed = Digest.sha256(random(10_000, 4));
        server.stubFor(get(urlEqualTo(blobPath(claimed))).willReturn(aResponse().withStatus(200).withBody(blob)));
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> client().fetchBlob(repo, claimed, blob.length, new ByteArrayOutputStream(), recorder));
        assertEquals(claimed, e.expected());
        assertEquals(Digest.sha256(blob), e.actual());
    }

    @Test
    void openedBlobStartsAtTheOffsetAskedFor() throws IOException {
        byte[] blob = random(10_000, 3);
        Digest d = Digest.sha256(blob);
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Range", equalTo("bytes=4000-"))
                .willReturn(aResponse().withStatus(206).withHeader("Content-Range", "bytes 4000-9999/10000")
                        .withBody(java.util.Arrays.copyOfRange(blob, 4000, blob.length))));
        try (InputStream in = client().openBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, d, blob.length), 4000,
                recorder)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(blob, 4000, blob.length), in.readAllBytes());
        }
    }

    @Test
    void blobLongerThanAnnouncedIsRefusedAsSoonAsItShows() {
        byte[] blob = random(10_000, 5);
        Digest d = Digest.sha256(java.util.Arrays.copyOf(blob, 100));
        server.stubFor(get(urlEqualTo(blobPath(d))).willReturn(aResponse().withStatus(200).withBody(blob)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> client().fetchBlob(repo, d, 100, out, recorder));
        assertTrue(e.getMessage().contains("longer than its descriptor (100 bytes)"), e.getMessage());
        assertTrue(out.size() <= 100, "wrote " + out.size() + " bytes past the announced size");
    }

    @Test
    void manifestWhoseBodyBreaksOffIsAskedForAgain() {
        byte[] manifest = TestManifests.anyManifest();
        server.stubFor(get("/v2/app/manifests/1").inScenario("broken").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.MALFORMED_RESPONSE_CHUNK))
                .willSetStateTo("whole"));
        server.stubFor(get("/v2/app/manifests/1").inScenario("broken").whenScenarioStateIs("whole")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                        .withBody(manifest)));
        RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).retryPolicy(FAST).build();

        RemoteManifest fetched = client.fetchManifest(ImageReference.parse(registry + "/app:1"));

        assertArrayEquals(manifest, fetched.document().raw());
        assertEquals(2, server.findAll(getRequestedFor(urlEqualTo("/v2/app/manifests/1"))).size());
    }

    @Test
    void manifestOverFourMebibytesIsRefused() {
        byte[] huge = new byte[(4 << 20) + 1];
        server.stubFor(get("/v2/app/manifests/big").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(huge)));
        UnsupportedException e = assertThrows(UnsupportedException.class,
                () -> client().fetchManifest(ImageReference.parse(registry + "/app:big")));
        assertTrue(e.getMessage().contains("4 MiB"), e.getMessage());
    }

    @Test
    void schemaOneManifestIsRefusedByName() {
        server.stubFor(get("/v2/app/manifests/old").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST).withBody("{\"schemaVersion\":1}")));
        UnsupportedException e = assertThrows(UnsupportedException.class,
                () -> client().fetchManifest(ImageReference.parse(registry + "/app:old")));
        assertTrue(e.getMessage().contains("schema 1"), e.getMessage());
    }

    @Test
    void manifestNotMatchingTheAnnouncedDigestIsRefused() {
        server.stubFor(get("/v2/app/manifests/1").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                .withHeader("Docker-Content-Digest", Digest.sha256(new byte[] {7}).toString())
                .withBody(TestManifests.anyManifest())));
        assertThrows(DigestMismatchException.class, () -> client().fetchManifest(ImageReference.parse(registry + "/app:1")));
    }

    @Test
    void redirectToAnotherHostCarriesNoAuthorization() {
        byte[] blob = random(5_000, 6);
        Digest d = Digest.sha256(blob);
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"test\"")));
        server.stubFor(get(urlEqualTo(blobPath(d))).withHeader("Authorization", equalTo("Basic dTpw"))
                .willReturn(aResponse().withStatus(307)
                        .withHeader("Location", "http://localhost:" + storage.port() + "/store/blob?sig=abc")));
        storage.stubFor(get(urlEqualTo("/store/blob?sig=abc")).willReturn(aResponse().withStatus(200).withBody(blob)));
        RegistryClient client = client(FAST, CredentialProvider.of(Map.of(registry, Credential.basic("u", "p"))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetchBlob(repo, d, blob.length, out, recorder);
        assertArrayEquals(blob, out.toByteArray());
        List<LoggedRequest> atStorage = storage.findAll(getRequestedFor(urlEqualTo("/store/blob?sig=abc")));
        assertEquals(1, atStorage.size());
        assertFalse(atStorage.get(0).containsHeader("Authorization"));
    }

    @Test
    void unauthorizedFromRedirectedStorageNeverSendsTheRegistrysCredentialsToItsRealm() {
        WireMockServer realm = new WireMockServer(options().dynamicPort());
        realm.start();
        try {
            realm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"token\":\"t\"}")));
            Digest d = Digest.sha256(new byte[] {4});
            server.stubFor(get(urlEqualTo(blobPath(d))).willReturn(aResponse().withStatus(307)
                    .withHeader("Location", "http://localhost:" + storage.port() + "/store/blob")));
            storage.stubFor(get(urlEqualTo("/store/blob")).willReturn(aResponse().withStatus(401)
                    .withHeader("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + realm.port() + "/token\"")));
            RegistryClient client = client(FAST, CredentialProvider.of(Map.of(registry, Credential.basic("u", "p"))));

            RegistryException e = assertThrows(RegistryException.class,
                    () -> client.fetchBlob(repo, d, 1, new ByteArrayOutputStream(), recorder));

            assertEquals(401, e.statusCode());
            assertTrue(e.getMessage().contains("localhost:" + storage.port()), e.getMessage());
            assertEquals(List.of(), realm.findAll(anyRequestedFor(anyUrl())));
            assertTrue(server.findAll(getRequestedFor(urlEqualTo(blobPath(d)))).stream()
                    .noneMatch(r -> r.containsHeader("Authorization")));
        } finally {
            realm.stop();
        }
    }

    @Test
    void redirectFromHttpsToPlainHttpOnTheOpenNetworkIsRefused() {
        WireMockServer tls = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        tls.start();
        try {
            String secure = "127.0.0.1:" + tls.httpsPort();
            Digest d = Digest.sha256(new byte[] {5});
            tls.stubFor(get(urlEqualTo(blobPath(d))).willReturn(aResponse().withStatus(307)
                    .withHeader("Location", "http://storage.invalid/store/blob")));
            RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                    .certsDirectories(CertsDirectories.none()).insecureRegistry(secure).retryPolicy(FAST).build();

            RegistryException e = assertThrows(RegistryException.class, () -> client.fetchBlob(
                    ImageReference.parse(secure + "/app"), d, 1, new ByteArrayOutputStream(), recorder));

            assertTrue(e.getMessage().contains("refusing a redirect from HTTPS to plain HTTP (storage.invalid:80)"),
                    e.getMessage());
            assertEquals(List.of(), retries());
        } finally {
            tls.stop();
        }
    }

    @Test
    void redirectLoopIsDetected() {
        Digest d = Digest.sha256(new byte[] {3});
        server.stubFor(get(urlEqualTo(blobPath(d))).willReturn(aResponse().withStatus(307).withHeader("Location", "/a")));
        server.stubFor(get("/a").willReturn(aResponse().withStatus(307).withHeader("Location", "/b")));
        server.stubFor(get("/b").willReturn(aResponse().withStatus(307).withHeader("Location", "/a")));
        RegistryException e = assertThrows(RegistryException.class,
                () -> client().fetchBlob(repo, d, 1, new ByteArrayOutputStream(), recorder));
        assertTrue(e.getMessage().contains("redirect loop"), e.getMessage());
    }

    @Test
    void malformedErrorBodyStillGivesATypedException() {
        server.stubFor(get("/v2/app/manifests/x").willReturn(aResponse().withStatus(404).withBody("{\"errors\": [oops")));
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client().fetchManifest(ImageReference.parse(registry + "/app:x")));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void malformedServerErrorBodyKeepsTheStatus() {
        server.stubFor(get("/v2/app/manifests/x").willReturn(aResponse().withStatus(500).withBody("<html>boom")));
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(RetryPolicy.none(), CredentialProvider.anonymous())
                        .fetchManifest(ImageReference.parse(registry + "/app:x")));
        assertEquals(500, e.statusCode());
        assertEquals(Optional.empty(), e.errorCode());
    }
}
