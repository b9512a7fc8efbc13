package dev.stowage.registry;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.RawHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every request ends within its deadlines, whatever the server does: connect, first byte, idle
 * (no byte either way), and an overall deadline on small bodies. The client is given deadlines of
 * a second or two; each test is bounded far above them, so a hang fails it instead of the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlinesTest {
    private static final Duration FIRST_BYTE = Duration.ofSeconds(1);
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration SMALL_BODY = Duration.ofSeconds(1);

    private final List<RawHttpServer> servers = new ArrayList<>();
    private final List<RegistryClient> clients = new ArrayList<>();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RegistryClient::close);
        servers.forEach(RawHttpServer::close);
    }

    private RawHttpServer serve(RawHttpServer.Handler handler) {
        RawHttpServer server = RawHttpServer.start(handler);
        servers.add(server);
        return server;
    }

    private RegistryClient client(RetryPolicy retry) {
        RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).retryPolicy(retry)
                .connectTimeout(Duration.ofSeconds(1)).requestTimeout(FIRST_BYTE).idleTimeout(IDLE)
                .smallBodyTimeout(SMALL_BODY).build();
        clients.add(client);
        return client;
    }

    private RegistryClient client() {
        return client(RetryPolicy.none());
    }

    /** Announces {@code length} bytes, then sends one every {@code interval}, never all of them in a test's time. */
    private static void trickle(RawHttpServer.Exchange exchange, int status, String contentType, int length,
            Duration interval) throws IOException, InterruptedException {
        OutputStream out = exchange.output();
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(US_ASCII));
        out.flush();
        for (int i = 0; i < length; i++) {
            out.write(i == 0 ? '{' : ' ');
            out.flush();
            Thread.sleep(interval.toMillis());
        }
    }

    @Test
    void manifestTrickledByteByByteFailsAtTheSmallBodyDeadline() {
        RawHttpServer server = serve(x -> trickle(x, 200, MediaTypes.OCI_MANIFEST, 10_000, Duration.ofMillis(300)));

        RegistryException e = assertThrows(RegistryException.class,
                () -> client().fetchManifest(ImageReference.parse(server.host() + "/app:1")));

        assertTrue(e.getMessage().contains("within 1 s"), e.getMessage());
    }

    @Test
    void tagPageTrickledByteByByteFailsAtTheSmallBodyDeadline() {
        RawHttpServer server = serve(x -> trickle(x, 200, "application/json", 10_000, Duration.ofMillis(300)));

        RegistryException e = assertThrows(RegistryException.class,
                () -> client().listTags(ImageReference.parse(server.host() + "/app")));

        assertTrue(e.getMessage().contains("within 1 s"), e.getMessage());
    }

    @Test
    void errorBodyTrickledByteByByteStillEndsInTheTypedError() {
        RawHttpServer server = serve(x -> trickle(x, 404, "application/json", 10_000, Duration.ofMillis(300)));

        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client().fetchManifest(ImageReference.parse(server.host() + "/app:1")));

        assertEquals(404, e.statusCode());
    }

    @Test
    void blobBodyHasOnlyTheIdleDeadlineNotTheSmallBodyOne() {
        byte[] blob = "slow but".getBytes(US_ASCII);
        Digest digest = Digest.sha256(blob);
        // 8 bytes 200 ms apart: 1.6 s in all, past the small-body deadline, never idle for long
        RawHttpServer server = serve(x -> {
            OutputStream out = x.output();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + blob.length + "\r\n\r\n").getBytes(US_ASCII));
            for (byte b : blob) {
                out.write(b);
                out.flush();
                Thread.sleep(200);
            }
        });
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        client().fetchBlob(ImageReference.parse(server.host() + "/app"), digest, blob.length, sink,
                ProgressListener.NONE);

        assertArrayEquals(blob, sink.toByteArray());
    }

    @Test
    void tokenServerThatStallsAfterItsHeadersFails() {
        RawHttpServer tokens = serve(x -> {
            x.output().write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    .getBytes(US_ASCII));
            x.hang();
        });
        RawHttpServer server = serve(x -> x.respond(401, Map.of("WWW-Authenticate",
                "Bearer realm=\"http://" + tokens.host() + "/token\",service=\"test\""), new byte[0]));

        RegistryException e = assertThrows(RegistryException.class,
                () -> client().fetchManifest(ImageReference.parse(server.host() + "/app:1")));

        assertTrue(e.getMessage().contains("token server"), e.getMessage());
    }

    @Test
    void registryThatReadsAnUploadAndNeverAnswersFails() {
        RawHttpServer server = serve(x -> {
            if (x.request().method().equals("POST")) {
                x.respond(202, Map.of("Location", "/v2/app/blobs/uploads/1"), new byte[0]);
            } else if (x.request().method().equals("PUT")) {
                x.readBody();
                x.hang();
            } else {
                x.respond(404, Map.of(), new byte[0]);
            }
        });
        byte[] blob = TestImages.random(100_000, 1);

        RegistryException e = assertThrows(RegistryException.class, () -> TestImages.pushBlob(client(),
                ImageReference.parse(server.host() + "/app"), blob, Optional.empty()));

        assertTrue(e.getMessage().contains("no response"), e.getMessage());
    }

    @Test
    void registryThatStopsReadingAnUploadFails() {
        RawHttpServer server = serve(x -> {
            if (x.request().method().equals("POST")) {
                x.respond(202, Map.of("Location", "/v2/app/blobs/uploads/1"), new byte[0]);
            } else if (x.request().method().equals("PUT")) {
                x.hang(); // reads nothing of a body far larger than the connection's buffers
            } else {
                x.respond(404, Map.of(), new byte[0]);
            }
        });
        byte[] blob = TestImages.random(48 << 20, 2);

        RegistryException e = assertThrows(RegistryException.class, () -> TestImages.pushBlob(client(),
                ImageReference.parse(server.host() + "/app"), blob, Optional.empty()));

        assertTrue(e.getMessage().contains("stopped reading"), e.getMessage());
    }

    @Test
    void longRetryAfterIsCappedAtTheLongestWaitAndReported() {
        byte[] manifest = TestManifests.anyManifest();
        AtomicInteger calls = new AtomicInteger();
        RawHttpServer server = serve(x -> {
            if (calls.getAndIncrement() == 0) {
                x.respond(429, Map.of("Retry-After", "50"), new byte[0]);
            } else {
                x.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), manifest);
            }
        });
        RetryPolicy waitsUpToASecond = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofMinutes(5));
        ImageReference reference = ImageReference.parse(server.host() + "/app:1");

        client(waitsUpToASecond).fetchBlob(reference, Digest.sha256(manifest), manifest.length,
                new ByteArrayOutputStream(), events::add);

        List<ProgressEvent.Retrying> retries = events.stream().filter(ProgressEvent.Retrying.class::isInstance)
                .map(ProgressEvent.Retrying.class::cast).toList();
        assertEquals(1, retries.size());
        assertEquals(Duration.ofSeconds(1), retries.get(0).delay());
        assertTrue(retries.get(0).reason().contains("Retry-After 50 s, capped at 1 s"), retries.get(0).reason());
    }
}
