package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.registry.RequestKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every retry of every request an operation makes reaches its listener, the requests that take no
 * listener of their own included: a pull's manifest check, a registry tag's manifest fetch. The
 * in-process registry fails the one request on demand, as Distribution cannot.
 */
class RetryEventsIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.inProcess();

    private static String app;
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void publish() {
        app = registry.host() + "/retry/app:1";
        try (ImageManager publisher = manager(ProgressListener.NONE)) {
            RemoteFixtures.image(publisher.store(), app, 1, 1_000);
            publisher.push(app).call();
        }
    }

    @AfterEach
    void clearFaults() {
        registry.faults().clear();
    }

    @Test
    void aRetriedManifestCheckReachesThePullsListener() {
        registry.faults().nth(1, RequestKind.MANIFEST_HEAD).respond(503);
        try (ImageManager images = manager(ProgressListener.NONE)) {
            images.pull(app).progress(events::add).call();
        }

        assertEquals(List.of("HEAD " + registry.host() + "/v2/retry/app/manifests/1 (HTTP 503)"), retries());
    }

    @Test
    void aRetriedManifestFetchOfARegistryTagReachesTheManagersListener() {
        registry.faults().nth(1, RequestKind.MANIFEST_GET).respond(502);
        try (ImageManager images = manager(events::add)) {
            images.registryTag(app, "2");
        }

        assertEquals(List.of("GET " + registry.host() + "/v2/retry/app/manifests/1 (HTTP 502)"), retries());
    }

    private List<String> retries() {
        return events.stream().filter(ProgressEvent.Retrying.class::isInstance).map(ProgressEvent.Retrying.class::cast)
                .map(r -> r.request() + " (" + r.reason() + ")").toList();
    }

    private static ImageManager manager(ProgressListener listener) {
        return ImageManager.builder().store(InMemoryImageStore.create()).credentials(CredentialProvider.anonymous())
                .progress(listener).build();
    }
}
