package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.store.InMemoryImageStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageManagerRemoveTest {
    private final InMemoryImageStore store = new InMemoryImageStore();
    private final ImageManager images = ImageManager.builder().store(store).build();

    private static List<String> lines(RemoveResult result) {
        return result.removals().stream().map(Removal::toString).toList();
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
    }

    @Test
    void removingByIdTaggedInSeveralRepositoriesNeedsForce() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD")
                .storeIn(store, "app:1", "127.0.0.1:5000/app:1");

        ImageConflictException e = assertThrows(ImageConflictException.class, () -> images.remove(app.id().toString()).call());
        assertTrue(e.getMessage().contains("must be forced"), e.getMessage());
        assertEquals(1, store.images().size());

        RemoveResult forced = images.remove(app.id().toString()).force().call();

        assertEquals(List.of("Untagged: app:1", "Untagged: 127.0.0.1:5000/app:1", "Deleted: " + app.id()), lines(forced));
    }

    @Test
    void unknownNameFailsUnlessForced() {
        TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "app:1");

        assertThrows(ImageNotFoundException.class, () -> images.remove("nope:1").call());
        assertEquals(List.of("Untagged: app:1"), lines(images.remove("nope:1", "app:1").force().call()).subList(0, 1));
    }

    @Test
    void severalNamesAreRemovedInOrder() {
        TestImage.Stored a = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(store, "a:1");
        TestImage.Stored b = TestImage.created("2024-01-01T00:00:00Z").layer(100, 2, "ADD").storeIn(store, "b:1");

        assertEquals(List.of("Untagged: a:1", "Deleted: " + a.id(), "Untagged: b:1", "Deleted: " + b.id()),
                lines(images.remove("a:1", "b:1").call()));
    }

    @Test
    void noNameIsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> images.remove());
        assertThrows(IllegalArgumentException.class, () -> images.remove(" "));
    }
}
