package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.HttpClientThreads;
import dev.stowage.testkit.RegistryExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What closing an ImageManager releases (its own registry client, not one the caller lent it), and
 * that nothing works on a closed manager: every operation throws {@link IllegalStateException},
 * at once. A push after close used to wait forever on the stopped HTTP client; the tests that
 * call a closed manager are bounded, so such a wait fails them instead of the build.
 */
class ImageManagerCloseIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path dir;

    @Test
    void closeStopsTheRegistryClientTheManagerOpenedItself() {
        List<Thread> before = HttpClientThreads.selectors();
        ImageManager images = ImageManager.builder().store(FileImageStore.open(dir.resolve("store")))
                .credentials(CredentialProvider.anonymous()).build();
        assertThrows(NotFoundException.class, () -> images.pull(registry.host() + "/close/missing:1").call());
        List<Thread> started = HttpClientThreads.startedSince(before);
        assertFalse(started.isEmpty(), "the pull should have opened a registry client");

        images.close();

        assertEquals(List.of(), HttpClientThreads.alive(started));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPushAfterCloseFailsAtOnceInsteadOfWaiting() {
        ImageManager images = ImageManager.builder().store(FileImageStore.open(dir.resolve("store")))
                .credentials(CredentialProvider.anonymous()).build();
        String app = registry.host() + "/close/app:1";
        RemoteFixtures.image(images.store(), app, 1, 1_000);
        images.push(app).call(); // the manager's registry client is open and has served

        images.close();

        assertClosed(() -> images.push(app).call());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyOperationOfAClosedManagerThrowsIllegalState() {
        ImageManager images = ImageManager.builder().store(InMemoryImageStore.create())
                .credentials(CredentialProvider.anonymous()).build();
        String app = registry.host() + "/close/app:2";
        RemoteFixtures.image(images.store(), app, 2, 1_000);
        ListRequest madeBefore = images.list();
        PushRequest pushMadeBefore = images.push(app);

        images.close();

        assertClosed(madeBefore::call);
        assertClosed(pushMadeBefore::call);
        assertClosed(() -> images.list().call());
        assertClosed(() -> images.pull(app).call());
        assertClosed(() -> images.push(app));
        assertClosed(() -> images.copy(app, registry.host() + "/close/copy:1"));
        assertClosed(() -> images.registryTag(app, "2"));
        assertClosed(() -> images.tag(app, "other:1"));
        assertClosed(() -> images.untag(app));
        assertClosed(() -> images.inspect(app));
        assertClosed(() -> images.history(app));
        assertClosed(() -> images.remove(app));
        assertClosed(() -> images.prune());
        assertClosed(() -> images.diskUsage());
        assertClosed(images::store);
        assertClosed(images::registry);
        assertClosed(() -> ImageBuilder.fromScratch(images).layer(l -> l.file("a", new byte[1])).build("built:1"));
        images.close(); // closing again does nothing
    }

    private static void assertClosed(Executable operation) {
        IllegalStateException e = assertThrows(IllegalStateException.class, operation);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void closeLeavesARegistryClientTheCallerGaveUsable() {
        try (RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.anonymous()).build()) {
            ImageManager images = ImageManager.builder().store(FileImageStore.open(dir.resolve("store")))
                    .registry(client).build();
            images.close();

            assertTrue(client.checkBlob(ImageReference.parse(registry.host() + "/close/any"),
                    Digest.sha256(new byte[0])).isEmpty());
        }
    }
}
