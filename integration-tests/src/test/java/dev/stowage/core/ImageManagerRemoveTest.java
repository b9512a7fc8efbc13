package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.InMemoryImageStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageManagerRemoveTest {
    private final InMemoryImageStore store = new InMemoryImageStore();
    private final ImageManager images = ImageManager.builder().store(store).build();

    private static List<String> lines(RemoveResult result) {
        return result.removals().stream().map(Removal::toString).toList();
    }

    /** Every name the store holds, familiar form, sorted. */
    private List<String> namesInStore() {
        return store.images().stream().flatMap(image -> image.tags().stream()).map(ImageReference::familiar).sorted()
                .toList();
    }

    /** The image's manifest, config and layers that are still in the store. */
    private List<Digest> blobsLeft(TestImage.Stored image) {
        List<Digest> all = new ArrayList<>(List.of(image.manifest(), image.id()));
        image.layers().forEach(layer -> all.add(layer.digest()));
        return all.stream().filter(store::hasBlob).toList();
    }

    @Test
    void removingOneOfSeveralTagsOnlyUntagsItAndSiblingTagsSurvive() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(1000, 1, "ADD").storeIn(store, "app:1", "app:2");

        RemoveResult result = images.remove("app:1").call();

        assertEquals(List.of("Untagged: app:1"), lines(result));
        assertEquals(0, result.reclaimedBytes());
        assertEquals(app.manifest(), store.resolve("app:2").orElseThrow().digest());
        assertTrue(store.hasBlob(app.layers().get(0).digest()));
    }

    @Test
    void removingTheLastTagDeletesTheImageAndFreesItsBlobs() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(1000, 1, "ADD").storeIn(store, "app:1");

        RemoveResult result = images.remove("app:1").call();

        assertEquals(List.of("Untagged: app:1", "Deleted: " + app.id()), lines(result));
        assertTrue(store.images().isEmpty());
        assertFalse(store.hasBlob(app.layers().get(0).digest()));
        assertTrue(result.reclaimedBytes() > app.layerBytes());
    }

    @Test
    void layersSharedWithAnotherImageStay() {
        TestImage.created("2024-01-01T00:00:00Z").layer(1000, 1, "ADD base").storeIn(store, "base:1");
        TestImage.Stored app = TestImage.created("2024-02-01T00:00:00Z").layer(1000, 1, "ADD base").layer(500, 2, "ADD app")
                .storeIn(store, "app:1");

        images.remove("app:1").call();

        assertTrue(store.hasBlob(app.layers().get(0).digest()));
        assertFalse(store.hasBlob(app.layers().get(1).digest()));
    }

    @Test
    void removingByIdDeletesEveryTagInOneRepository() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "app:1", "app:2");

        RemoveResult result = images.remove(app.id().hex().substring(0, 12)).call();

        assertEquals(List.of("Untagged: app:1", "Untagged: app:2", "Deleted: " + app.id()), lines(result));
        assertEquals(List.of(), namesInStore());
        assertEquals(List.of(), store.images());
        assertEquals(List.of(), blobsLeft(app));
    }

    @Test
    void removingByIdTaggedInSeveralRepositoriesNeedsForce() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD")
                .storeIn(store, "app:1", "127.0.0.1:5000/app:1");

        ImageConflictException e = assertThrows(ImageConflictException.class, () -> images.remove(app.id().toString()).call());
        assertTrue(e.getMessage().contains("must be forced"), e.getMessage());
        assertEquals(List.of("127.0.0.1:5000/app:1", "app:1"), namesInStore());
        assertEquals(3, blobsLeft(app).size());

        RemoveResult forced = images.remove(app.id().toString()).force().call();

        assertEquals(List.of("Untagged: app:1", "Untagged: 127.0.0.1:5000/app:1", "Deleted: " + app.id()), lines(forced));
        assertEquals(List.of(), store.images());
        assertEquals(List.of(), blobsLeft(app));
    }

    @Test
    void unknownNameFailsUnlessForced() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "app:1");

        ImageNotFoundException e = assertThrows(ImageNotFoundException.class, () -> images.remove("nope:1", "app:1").call());
        assertEquals("no such image: nope:1", e.getMessage());
        assertEquals(List.of("app:1"), namesInStore(), "the failure stops the request before app:1");

        RemoveResult forced = images.remove("nope:1", "app:1").force().call();

        // Forced, the unknown name is skipped without a line (as rmi -f) and the next name is removed.
        assertEquals(List.of("Untagged: app:1", "Deleted: " + app.id()), lines(forced));
        assertEquals(List.of(), store.images());
        assertEquals(List.of(), blobsLeft(app));
    }

    @Test
    void severalNamesAreRemovedInOrder() {
        TestImage.Stored a = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "a:1");
        TestImage.Stored b = TestImage.created("2024-01-01T00:00:00Z").layer(100, 2, "ADD").storeIn(store, "b:1");

        assertEquals(List.of("Untagged: a:1", "Deleted: " + a.id(), "Untagged: b:1", "Deleted: " + b.id()),
                lines(images.remove("a:1", "b:1").call()));
        assertEquals(List.of(), store.images());
        assertEquals(List.of(), blobsLeft(a));
        assertEquals(List.of(), blobsLeft(b));
    }

    @Test
    void noNameIsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> images.remove());
        assertThrows(IllegalArgumentException.class, () -> images.remove(" "));
    }
}
