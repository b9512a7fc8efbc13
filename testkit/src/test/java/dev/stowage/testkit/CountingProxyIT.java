package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The proxy in front of the real registry, driven by the JDK's HTTP client. */
class CountingProxyIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private CountingProxy proxy;

    @BeforeEach
    void start() {
        proxy = CountingProxy.to(registry.registry());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://" + proxy.host() + path);
    }

    /** Uploads {@code content} in one monolithic PUT; returns its digest. */
    private String upload(String repository, byte[] content) throws Exception {
        String digest = "sha256:" + HexFormat.of().formatHex(sha256(content));
        HttpResponse<byte[]> started = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String location = started.headers().firstValue("Location").orElseThrow();
        URI put = URI.create(location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
        assertEquals(201, send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofByteArray(content))).statusCode());
        return digest;
    }

    private static byte[] sha256(byte[] content) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(content);
    }

    private static byte[] random(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }

    @Test
    void recordsEachExchangeWithMethodTargetAndStatus() throws Exception {
        send(HttpRequest.newBuilder(uri("/v2/")).GET());
        send(HttpRequest.newBuilder(uri("/v2/nothing/manifests/1")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertEquals(List.of(new CountingProxy.Exchange("GET", "/v2/", 200, 0, 2),
                new CountingProxy.Exchange("HEAD", "/v2/nothing/manifests/1", 404, 0, 0)), proxy.exchanges());
        assertEquals(2, proxy.requests());
        assertTrue(proxy.bytesToClient() > 2);
    }

    @Test
    void countsTheBodyBytesOfAnUpload() throws Exception {
        byte[] content = random(300_000);

        upload("proxy/up", content);

        assertEquals(content.length, proxy.requestBodyBytes());
        assertEquals(List.of("POST", "PUT"), proxy.exchanges().stream().map(CountingProxy.Exchange::method).toList());
    }

    @Test
    void countsChunkedRequestBodiesWithoutTheirFraming() throws Exception {
        byte[] content = random(200_000);
        HttpResponse<byte[]> started = send(HttpRequest.newBuilder(uri("/v2/proxy/chunked/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String location = started.headers().firstValue("Location").orElseThrow();

        // A body of unknown length goes out with Transfer-Encoding: chunked.
        send(HttpRequest.newBuilder(URI.create(location)).method("PATCH",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))));

        CountingProxy.Exchange patch = proxy.exchanges().get(1);
        assertEquals("PATCH", patch.method());
        assertEquals(202, patch.status());
        assertEquals(content.length, patch.requestBodyBytes());
    }

    @Test
    void countsTheBodyBytesOfADownloadAndNoneForAHead() throws Exception {
        byte[] content = random(250_000);
        String digest = upload("proxy/down", content);
        proxy.reset();

        send(HttpRequest.newBuilder(uri("/v2/proxy/down/blobs/" + digest)).GET());
        send(HttpRequest.newBuilder(uri("/v2/proxy/down/blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertEquals(List.of((long) content.length, 0L),
                proxy.exchanges().stream().map(CountingProxy.Exchange::responseBodyBytes).toList());
        assertEquals(content.length, proxy.responseBodyBytes());
    }

    @Test
    void cutResponsesBreakTheConnectionMidBody() throws Exception {
        byte[] content = random(500_000);
        String digest = upload("proxy/cut", content);
        proxy.cutResponsesAfter(100_000);

        HttpRequest get = HttpRequest.newBuilder(uri("/v2/proxy/cut/blobs/" + digest)).GET().build();
        assertThrows(IOException.class, () -> {
            try (InputStream body = http.send(get, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                body.readAllBytes();
            }
        });
    }

    @Test
    void awaitRequestWakesWhenTheRequestItWaitsForArrives() throws Exception {
        assertFalse(proxy.awaitRequest("GET /v2/"::equals, Duration.ZERO), "nothing was sent yet");
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                seen.complete(proxy.awaitRequest("GET /v2/"::equals, Duration.ofDays(1)));
            } catch (InterruptedException e) {
                seen.completeExceptionally(e);
            }
        }, "await-request");
        waiter.setDaemon(true);
        waiter.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waiter.getState() != Thread.State.TIMED_WAITING) { // waiting, so the request must wake it
                assertTrue(System.nanoTime() - deadline < 0, "the waiter never waited: " + waiter.getState());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }

            send(HttpRequest.newBuilder(uri("/v2/")).GET());

            assertTrue(seen.get(30, TimeUnit.SECONDS));
            assertFalse(proxy.awaitRequest(line -> line.startsWith("DELETE "), Duration.ofMillis(1)));
        } finally {
            waiter.interrupt();
            waiter.join();
        }
    }

    @Test
    void resetForgetsWhatWasCounted() throws Exception {
        send(HttpRequest.newBuilder(uri("/v2/")).GET());

        proxy.reset();

        assertEquals(List.of(), proxy.exchanges());
        assertEquals(List.of(), proxy.requestLines());
        assertEquals(0, proxy.bytesToServer());
        assertEquals(0, proxy.requests());
    }
}
