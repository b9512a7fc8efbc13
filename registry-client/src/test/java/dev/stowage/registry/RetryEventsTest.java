package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.RegistryException;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.RawHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A library prints nothing by default and tells its application through events: every retry of
 * every request reaches the client's listener (a manifest check names none of its own), nothing
 * is logged above DEBUG, and the final message names the cause in words.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RetryEventsTest {
    private static final RetryPolicy THREE_QUICK = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofSeconds(30));

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private RawHttpServer server;

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture); // where java.util.logging's default console handler sits
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(capture);
        if (server != null) {
            server.close();
        }
    }

    private RegistryClient client() {
        return RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).retryPolicy(THREE_QUICK).progress(events::add).build();
    }

    @Test
    void everyRetryOfARefusedConnectionReachesTheListenerAndTheMessageSaysConnectionRefused() throws IOException {
        String host = "127.0.0.1:" + closedPort();
        try (RegistryClient client = client()) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> client.checkManifest(ImageReference.parse(host + "/team/app:1")));

            assertTrue(e.getMessage().contains("cannot reach " + host), e.getMessage());
            assertTrue(e.getMessage().contains(": connection refused"), e.getMessage());
        }
        List<ProgressEvent.Retrying> retries = retries();
        assertEquals(2, retries.size(), events.toString());
        retries.forEach(r -> assertEquals("connection refused", r.reason()));
        assertNothingLoggedAboveDebug();
    }

    @Test
    void everyRetryOfAServerErrorReachesTheListener() {
        server = RawHttpServer.start(exchange -> exchange.respond(503, Map.of(), new byte[0]));
        try (RegistryClient client = client()) {
            assertThrows(RegistryException.class, () -> client.checkManifest(ImageReference.parse(server.host() + "/app:1")));
        }
        List<ProgressEvent.Retrying> retries = retries();
        assertEquals(2, retries.size(), events.toString());
        assertEquals("HEAD " + server.host() + "/v2/app/manifests/1", retries.get(0).request());
        assertEquals("HTTP 503", retries.get(0).reason());
        assertNothingLoggedAboveDebug();
    }

    @Test
    void aViewReportsToItsOwnListener() {
        server = RawHttpServer.start(exchange -> exchange.respond(503, Map.of(), new byte[0]));
        List<ProgressEvent> mine = new CopyOnWriteArrayList<>();
        try (RegistryClient client = client()) {
            RegistryClient view = client.withProgress(mine::add);
            assertThrows(RegistryException.class, () -> view.listTags(ImageReference.parse(server.host() + "/app")));
            view.close(); // a view leaves closing to its client
            assertThrows(RegistryException.class, () -> client.listTags(ImageReference.parse(server.host() + "/app")));
        }
        assertEquals(2, mine.size(), mine.toString());
        assertEquals(2, retries().size(), "the client's own listener heard only its own request");
    }

    private List<ProgressEvent.Retrying> retries() {
        return events.stream().filter(ProgressEvent.Retrying.class::isInstance).map(ProgressEvent.Retrying.class::cast)
                .toList();
    }

    private void assertNothingLoggedAboveDebug() {
        List<String> loud = logged.stream().filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("dev.stowage"))
                .filter(r -> r.getLevel().intValue() > Level.FINE.intValue())
                .map(r -> r.getLevel() + " " + r.getMessage()).toList();
        assertEquals(List.of(), loud, "a library logs at DEBUG only; retries are events");
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
