package dev.stowage.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.RawHttpServer;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * A closed client refuses every request with {@link IllegalStateException} at once, and a request
 * still waiting for its answer when the client closes ends the same way. Before, closing stopped
 * the JDK client's thread, which keeps its timeouts, so a request sent afterwards waited forever.
 * The client's own deadlines here are ten minutes: only closing can end the waits, and each test
 * is bounded far below that, so a hang fails it instead of the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClosedClientTest {
    private static final Duration LONG = Duration.ofMinutes(10);
    private static final byte[] BLOB = "a layer".getBytes(UTF_8);
    private static final Descriptor LAYER = Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(BLOB), BLOB.length);

    private RawHttpServer server;
    private final CountDownLatch received = new CountDownLatch(1);

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RegistryClient client() {
        return RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).retryPolicy(RetryPolicy.none())
                .connectTimeout(LONG).requestTimeout(LONG).idleTimeout(LONG).smallBodyTimeout(LONG).build();
    }

    private ImageReference image() {
        return ImageReference.parse(server.host() + "/team/app:1");
    }

    @Test
    void everyRequestAfterCloseFailsAtOnce() {
        server = RawHttpServer.start(exchange -> exchange.respond(404, Map.of(), new byte[0]));
        RegistryClient client = client();
        assertThrows(NotFoundException.class, () -> client.fetchManifest(image())); // the JDK client runs
        client.close();

        assertClosed(() -> client.checkManifest(image()));
        assertClosed(() -> client.fetchManifest(image()));
        assertClosed(() -> client.checkBlob(image(), LAYER.digest()));
        assertClosed(() -> client.openBlob(image(), LAYER, 0, ProgressListener.NONE).read());
        assertClosed(() -> client.pushBlob(image(), LAYER, offset -> new ByteArrayInputStream(BLOB), Optional.empty(),
                ProgressListener.NONE));
        assertClosed(() -> client.pushManifest(image(), "{}".getBytes(UTF_8), MediaTypes.OCI_MANIFEST));
        assertClosed(() -> client.listTags(image()));
        assertEquals(1, server.requests().size(), "nothing reached the server after close");
    }

    @Test
    void aRequestWaitingForItsAnswerEndsWhenTheClientCloses() throws Exception {
        server = RawHttpServer.start(exchange -> {
            received.countDown();
            exchange.hang();
        });
        RegistryClient client = client();
        CompletableFuture<?> waiting = CompletableFuture.supplyAsync(() -> client.checkManifest(image()));
        received.await();

        client.close();

        assertEndedByClose(waiting);
    }

    @Test
    void anUploadWaitingForItsAnswerEndsWhenTheClientCloses() throws Exception {
        server = RawHttpServer.start(exchange -> {
            if (exchange.request().method().equals("HEAD")) {
                exchange.respond(404, Map.of(), new byte[0]);
                return;
            }
            if (exchange.request().method().equals("POST")) {
                exchange.respond(202, Map.of("Location", "/v2/team/app/blobs/uploads/1"), new byte[0]);
                return;
            }
            exchange.readBody();
            received.countDown();
            exchange.hang();
        });
        RegistryClient client = client();
        CompletableFuture<?> waiting = CompletableFuture.supplyAsync(() -> client.pushBlob(image(), LAYER,
                offset -> new ByteArrayInputStream(BLOB), Optional.empty(), ProgressListener.NONE));
        received.await();

        client.close();

        assertEndedByClose(waiting);
    }

    private static void assertClosed(Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertEquals("the registry client is closed", e.getMessage());
    }

    private static void assertEndedByClose(CompletableFuture<?> waiting) throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class, waiting::get);
        assertInstanceOf(IllegalStateException.class, e.getCause(), () -> "ended by " + e.getCause());
    }
}
