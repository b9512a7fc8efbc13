package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.reference.InvalidReferenceException;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.ImageStoreProvider;
import dev.stowage.store.FileImageStore;
import dev.stowage.store.InMemoryImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageManagerTagTest {
    private final InMemoryImageStore store = new InMemoryImageStore();
    private final ImageManager images = ImageManager.builder().store(store).build();

    @Test
    void tagAddsANameToTheSameImage() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "app:1");

        ImageReference written = images.tag("app:1", "127.0.0.1:5000/app:1");

        assertEquals("127.0.0.1:5000/app:1", written.toString());
        assertEquals(app.manifest(), store.resolve("127.0.0.1:5000/app:1").orElseThrow().digest());
    }

    @Test
    void tagWithoutATagMeansLatest() {
        TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "app:1");

        assertEquals("docker.io/library/app:latest", images.tag("app:1", "app").toString());
    }

    @Test
    void tagSourceMayBeAnId() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store);

        images.tag(app.id().hex().substring(0, 12), "app:2");

        assertEquals(app.manifest(), store.resolve("app:2").orElseThrow().digest());
    }

    @Test
    void tagOfAnUnknownImageFails() {
        assertThrows(ImageNotFoundException.class, () -> images.tag("nope:1", "app:1"));
    }

    @Test
    void tagTargetMustBeAValidReferenceWithoutDigest() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "app:1");

        assertThrows(InvalidReferenceException.class, () -> images.tag("app:1", "App:1"));
        assertThrows(IllegalArgumentException.class, () -> images.tag("app:1", "app@" + app.manifest()));
    }

    @Test
    void untagRemovesOnlyThatNameAndKeepsTheImage() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "app:1", "app:2");

        assertTrue(images.untag("app:1"));

        assertTrue(store.resolve("app:1").isEmpty());
        assertEquals(app.manifest(), store.resolve("app:2").orElseThrow().digest());
        assertFalse(images.untag("app:1"));
    }

    @Test
    void lastUntagLeavesTheImageDangling() {
        TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "app:1");

        images.untag("app:1");

        assertEquals(1, images.list().dangling(true).call().size());
    }

    @Test
    void theFileStoreIsFoundThroughItsProvider(@TempDir Path dir) {
        ImageStoreProvider provider = ServiceLoader.load(ImageStoreProvider.class).findFirst().orElseThrow();

        try (ImageStore opened = provider.open(dir.resolve("store"))) {
            assertTrue(opened instanceof FileImageStore);
            assertTrue(Files.isRegularFile(dir.resolve("store/oci-layout")));
        }
    }

    @Test
    void parallelismMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> ImageManager.builder().parallelism(0));
        assertEquals(3, ImageManager.builder().store(store).parallelism(3).build().parallelism());
    }

    @Test
    void progressListenerIsKept() {
        dev.stowage.core.ProgressListener listener = event -> { };

        assertEquals(listener, ImageManager.builder().store(store).progress(listener).build().progress());
        assertEquals(dev.stowage.core.ProgressListener.NONE, images.progress());
    }
}
