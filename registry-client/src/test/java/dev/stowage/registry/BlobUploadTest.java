package dev.stowage.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.ProgressListener;
import dev.stowage.registry.tls.CertsDirectories;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upload strategies and their recovery, against WireMock, for what the real registry (see
 * {@link RegistryClientIT}) will not do on demand: accept a single POST, break a connection
 * mid-request, keep part of a broken chunk, fail a chunk again and again.
 */
class BlobUploadTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(20));
    private static final String UPLOADS = "/v2/app/blobs/uploads/";
    private static final String SESSION = UPLOADS + "s1";
    private static final int CHUNK = 100_000;

    private WireMockServer server;
    private ImageReference repo;
    private RegistryClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        repo = ImageReference.parse("127.0.0.1:" + server.port() + "/app");
        client = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).retryPolicy(FAST).chunkedUploads(CHUNK, CHUNK)
                .singlePostUploads(true).build();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private BlobPush push(byte[] blob) {
        BlobContent source = offset -> new ByteArrayInputStream(blob, (int) offset, blob.length - (int) offset);
        return client.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, blob), source, Optional.empty(),
                ProgressListener.NONE);
    }

    private static String digestQuery(byte[] blob) {
        return "?digest=" + Endpoints.query(Digest.sha256(blob).toString());
    }

    private void sessionAnswersPatch(String contentRange, int lastByteHeld) {
        server.stubFor(patch(urlEqualTo(SESSION)).withHeader("Content-Range", equalTo(contentRange))
                .willReturn(aResponse().withStatus(202).withHeader("Location", SESSION)
                        .withHeader("Range", "0-" + lastByteHeld)));
    }

    @Test
    void smallBlobGoesUpInOnePostWhenTheRegistryAcceptsIt() {
        byte[] blob = random(5_000, 1);
        server.stubFor(post(urlEqualTo(UPLOADS + digestQuery(blob))).willReturn(aResponse().withStatus(201)));

        BlobPush result = push(blob);

        assertEquals(BlobPush.Outcome.UPLOADED, result.outcome());
        assertEquals(blob.length, result.bytesSent());
        List<LoggedRequest> all = server.findAll(anyRequestedFor(anyUrl()));
        assertEquals(1, all.size());
        assertArrayEquals(blob, all.get(0).getBody());
    }

    @Test
    void singlePostWhoseConnectionBreaksFallsBackToASession() {
        byte[] blob = random(5_000, 9);
        server.stubFor(post(urlEqualTo(UPLOADS + digestQuery(blob)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(post(urlEqualTo(UPLOADS)).willReturn(aResponse().withStatus(202).withHeader("Location", SESSION)));
        server.stubFor(put(urlEqualTo(SESSION + digestQuery(blob))).willReturn(aResponse().withStatus(201)));

        push(blob);

        assertArrayEquals(blob, server.findAll(putRequestedFor(urlPathEqualTo(SESSION))).get(0).getBody());
    }

    @Test
    void brokenChunkContinuesFromTheOffsetTheRegistryReports() {
        byte[] blob = random(3 * CHUNK, 6);
        int held = 150_000; // the registry kept half of the broken chunk
        server.stubFor(post(urlEqualTo(UPLOADS)).willReturn(aResponse().withStatus(202).withHeader("Location", SESSION)));
        sessionAnswersPatch("0-99999", 99_999);
        server.stubFor(patch(urlEqualTo(SESSION)).withHeader("Content-Range", equalTo("100000-199999"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(get(urlEqualTo(SESSION)).willReturn(aResponse().withStatus(204).withHeader("Location", SESSION)
                .withHeader("Range", "0-" + (held - 1))));
        sessionAnswersPatch("150000-249999", 249_999);
        sessionAnswersPatch("250000-299999", 299_999);
        server.stubFor(put(urlEqualTo(SESSION + digestQuery(blob))).willReturn(aResponse().withStatus(201)));

        push(blob);

        assertEquals(1, server.findAll(getRequestedFor(urlEqualTo(SESSION))).size());
        List<LoggedRequest> patches = server.findAll(patchRequestedFor(urlEqualTo(SESSION)));
        assertEquals(List.of("0-99999", "100000-199999", "150000-249999", "250000-299999"),
                patches.stream().map(r -> r.getHeader("Content-Range")).toList());
        assertArrayEquals(Arrays.copyOfRange(blob, 150_000, 250_000), patches.get(2).getBody());
        assertArrayEquals(Arrays.copyOfRange(blob, 250_000, 300_000), patches.get(3).getBody());
        assertEquals(1, server.findAll(putRequestedFor(urlPathEqualTo(SESSION))).size());
    }

    @Test
    void uploadThatKeepsGrowingContinuesBeyondTheAttemptsOfTheRetryPolicy() {
        byte[] blob = random(4 * CHUNK, 10);
        RegistryClient twice = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).chunkedUploads(CHUNK, CHUNK)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20)))
                .build();
        server.stubFor(post(urlEqualTo(UPLOADS)).willReturn(aResponse().withStatus(202).withHeader("Location", SESSION)));
        sessionAnswersPatch("0-99999", 99_999);
        // two chunks in a row break, each after the registry kept part of it
        server.stubFor(patch(urlEqualTo(SESSION)).withHeader("Content-Range", equalTo("100000-199999"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(get(urlEqualTo(SESSION)).inScenario("growing").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(204).withHeader("Range", "0-149999")).willSetStateTo("grown"));
        server.stubFor(patch(urlEqualTo(SESSION)).withHeader("Content-Range", equalTo("150000-249999"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(get(urlEqualTo(SESSION)).inScenario("growing").whenScenarioStateIs("grown")
                .willReturn(aResponse().withStatus(204).withHeader("Range", "0-249999")));
        sessionAnswersPatch("250000-349999", 349_999);
        sessionAnswersPatch("350000-399999", 399_999);
        server.stubFor(put(urlEqualTo(SESSION + digestQuery(blob))).willReturn(aResponse().withStatus(201)));

        twice.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, blob),
                offset -> new ByteArrayInputStream(blob, (int) offset, blob.length - (int) offset), Optional.empty(),
                ProgressListener.NONE);

        assertEquals(2, server.findAll(getRequestedFor(urlEqualTo(SESSION))).size());
        assertEquals(1, server.findAll(putRequestedFor(urlPathEqualTo(SESSION))).size());
    }

    @Test
    void uploadThatCannotContinueCancelsItsSession() {
        byte[] blob = random(2 * CHUNK, 7);
        server.stubFor(post(urlEqualTo(UPLOADS)).willReturn(aResponse().withStatus(202).withHeader("Location", SESSION)));
        server.stubFor(patch(urlEqualTo(SESSION)).willReturn(aResponse().withStatus(503)));
        server.stubFor(get(urlEqualTo(SESSION)).willReturn(aResponse().withStatus(204).withHeader("Range", "0-0")));
        server.stubFor(delete(urlEqualTo(SESSION)).willReturn(aResponse().withStatus(204)));

        RegistryException e = assertThrows(RegistryException.class, () -> push(blob));

        assertEquals("pushing blob " + Digest.sha256(blob) + " to " + repo.registry() + "/app failed at byte 0: HTTP 503",
                e.getMessage());
        assertEquals(FAST.maxAttempts(), server.findAll(patchRequestedFor(urlEqualTo(SESSION))).size());
        assertEquals(1, server.findAll(deleteRequestedFor(urlEqualTo(SESSION))).size());
    }
}
