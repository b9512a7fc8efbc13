package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.HttpClientThreads;
import dev.stowage.testkit.RegistryExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What closing an ImageManager releases: its own registry client, not one the caller lent it. */
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
