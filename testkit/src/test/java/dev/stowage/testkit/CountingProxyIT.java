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
import dev.stowage.testkit.registry.RequestKind;
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

    @Test
    void injectedAnswersComeFromTheProxyAndTheRequestsNeverReachTheRegistry() throws Exception {
        proxy.faults().next(2, RequestKind.PING).respond(503);

        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(send(HttpRequest.newBuilder(uri("/v2/")).GET()).statusCode());
        }

        assertEquals(List.of(503, 503, 200), statuses);
        assertEquals(List.of(503, 503, 200), proxy.exchanges().stream().map(CountingProxy.Exchange::status).toList());
    }

    @Test
    void injectedAnswerCarriesTheHeadersAskedFor() throws Exception {
        proxy.faults().next(1, RequestKind.PING).respond(429, java.util.Map.of("Retry-After", "7"));

        HttpResponse<byte[]> answer = send(HttpRequest.newBuilder(uri("/v2/")).GET());

        assertEquals(429, answer.statusCode());
        assertEquals(java.util.Optional.of("7"), answer.headers().firstValue("Retry-After"));
        assertTrue(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8).contains("TOOMANYREQUESTS"));
    }

    @Test
    void injectedAnswerToAnUploadReadsItsBodyFirst() throws Exception {
        HttpResponse<byte[]> started = send(HttpRequest.newBuilder(uri("/v2/proxy/refused/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String location = started.headers().firstValue("Location").orElseThrow();
        proxy.faults().next(1, RequestKind.UPLOAD_CHUNK).respond(503);

        HttpResponse<byte[]> answer = send(HttpRequest.newBuilder(URI.create(location)).method("PATCH",
                HttpRequest.BodyPublishers.ofByteArray(random(400_000))));

        assertEquals(503, answer.statusCode());
        assertEquals(400_000, proxy.exchanges().get(1).requestBodyBytes());
    }

    @Test
    void connectionClosedBeforeTheHeadersLeavesTheRequestUnanswered() throws Exception {
        proxy.faults().next(1, RequestKind.PING).closeBeforeHeaders();

        // A raw request: the JDK's client would quietly send a GET again on a new connection.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write(("GET /v2/ HTTP/1.1\r\nHost: " + proxy.host() + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read());
        }

        assertEquals(List.of(new CountingProxy.Exchange("GET", "/v2/", 0, 0, 0)), proxy.brokenExchanges());
        assertEquals(200, send(HttpRequest.newBuilder(uri("/v2/")).GET()).statusCode());
    }

    @Test
    void resetEveryBreaksADownloadAfterThatManyBytesAndCountsWhatPassed() throws Exception {
        byte[] content = random(1_000_000);
        String digest = upload("proxy/reset", content);
        proxy.reset();
        proxy.faults().resetEvery(300_000);

        HttpRequest get = HttpRequest.newBuilder(uri("/v2/proxy/reset/blobs/" + digest)).GET().build();
        assertThrows(IOException.class, () -> {
            try (InputStream body = http.send(get, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                body.readAllBytes();
            }
        });

        assertEquals(1, proxy.faults().resets());
        CountingProxy.Exchange broken = proxy.brokenExchanges().get(0);
        assertEquals(200, broken.status());
        assertEquals(300_000, proxy.bytesToServer() + proxy.bytesToClient());
        assertTrue(broken.responseBodyBytes() > 290_000 && broken.responseBodyBytes() < 300_000, broken.toString());
    }

    @Test
    void resetEveryBreaksAnUploadAfterThatManyBytes() throws Exception {
        HttpResponse<byte[]> started = send(HttpRequest.newBuilder(uri("/v2/proxy/resetup/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String location = started.headers().firstValue("Location").orElseThrow();
        proxy.reset();
        proxy.faults().resetEvery(200_000);

        assertThrows(IOException.class, () -> send(HttpRequest.newBuilder(URI.create(location)).method("PATCH",
                HttpRequest.BodyPublishers.ofByteArray(random(500_000)))));

        CountingProxy.Exchange broken = proxy.brokenExchanges().get(0);
        assertEquals("PATCH", broken.method());
        assertTrue(broken.requestBodyBytes() > 190_000 && broken.requestBodyBytes() < 200_000, broken.toString());
    }

    @Test
    void stallHoldsTheBodyInTheMiddleUntilTheClientGivesUp() throws Exception {
        byte[] content = random(600_000);
        String digest = upload("proxy/stall", content);
        proxy.faults().stallOnce(100_000, java.time.Duration.ofMinutes(10));

        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write(("GET /v2/proxy/stall/blobs/" + digest + " HTTP/1.1\r\nHost: " + proxy.host()
                    + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(1_000);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            long received = 0;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    received += n;
                }
            } catch (java.net.SocketTimeoutException stalled) {
                // what the stall is for
            }
            assertEquals(100_000, received);
        }
        assertEquals(1, proxy.faults().stalls());
    }

    @Test
    void cutChunkedBodyEndsAChunkedAnswerBeforeItsLastChunk() throws Exception {
        String config = upload("proxy/tags", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                + "\",\"size\":2},\"layers\":[]}";
        for (int i = 0; i < 200; i++) { // a tag list longer than 2 KiB: Distribution sends it chunked
            send(HttpRequest.newBuilder(uri("/v2/proxy/tags/manifests/tag-number-" + i))
                    .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(manifest)));
        }
        proxy.reset();
        proxy.faults().next(1, RequestKind.TAGS_LIST).cutChunkedBody(1_000);

        assertThrows(IOException.class, () -> send(HttpRequest.newBuilder(uri("/v2/proxy/tags/tags/list")).GET()));
        HttpResponse<byte[]> whole = send(HttpRequest.newBuilder(uri("/v2/proxy/tags/tags/list")).GET());

        assertEquals(1, proxy.brokenExchanges().size());
        assertTrue(proxy.brokenExchanges().get(0).responseBodyBytes() < 1_000, proxy.brokenExchanges().toString());
        assertEquals(whole.body().length, proxy.exchanges().get(0).responseBodyBytes());
    }

    @Test
    void bytesThatAreNotHttpPassAtOnceSoATlsClientHearsThePlainServerRefuseIt() throws Exception {
        // A client that tries HTTPS first (as Stowage and docker do on loopback) sends a ClientHello
        // and waits for the answer before it sends more: the proxy must not hold it as a head.
        String host = proxy.host();
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) javax.net.ssl.SSLContext.getDefault()
                .getSocketFactory().createSocket(host.substring(0, host.lastIndexOf(':')),
                        Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)))) {
            socket.setSoTimeout(60_000); // bounds a proxy that holds the bytes; the refusal comes at once

            javax.net.ssl.SSLException refused = assertThrows(javax.net.ssl.SSLException.class, socket::startHandshake);

            assertTrue(refused.getMessage().contains("Unsupported or unrecognized SSL message"), refused.toString());
        }
    }
}
