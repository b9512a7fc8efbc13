package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.store.InMemoryImageStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageManagerHistoryTest {
    private final InMemoryImageStore store = new InMemoryImageStore();
    private final ImageManager images = ImageManager.builder().store(store).build();

    @Test
    void stepsAreNewestFirstWithLayerSizesAndEmptyStepsAtZero() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z")
                .layer(4000, 1, "ADD rootfs.tar /")
                .emptyStep("ENV A=b", "")
                .layer(1500, 2, "COPY app /app")
                .emptyStep("CMD [\"/app\"]", "buildkit.dockerfile.v0")
                .storeIn(store, "app:1");

        List<ImageHistory.Step> steps = images.history("app:1").call().steps();

        assertEquals(List.of("CMD [\"/app\"]", "COPY app /app", "ENV A=b", "ADD rootfs.tar /"),
                steps.stream().map(ImageHistory.Step::createdBy).toList());
        assertEquals(List.of(0L, app.layers().get(1).size(), 0L, app.layers().get(0).size()),
                steps.stream().map(ImageHistory.Step::size).toList());
        assertEquals("buildkit.dockerfile.v0", steps.get(0).comment());
    }

    @Test
    void onlyTheNewestStepCarriesTheImageId() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD a").layer(100, 2, "ADD b")
                .storeIn(store, "app:1");

        ImageHistory history = images.history("app:1").call();

        assertEquals(app.id(), history.id());
        assertEquals(List.of(Optional.of(app.id()), Optional.empty()),
                history.steps().stream().map(ImageHistory.Step::image).toList());
    }

    @Test
    void stepsWithLayersNameTheirDiffId() {
        TestImage.Stored app = TestImage.created("2024-01-01T00:00:00Z").layer(100, 1, "ADD a").emptyStep("ENV x=y", "")
                .storeIn(store, "app:1");

        List<ImageHistory.Step> steps = images.history("app:1").call().steps();

        assertEquals(Optional.empty(), steps.get(0).layer());
        assertEquals(images.inspect("app:1").call().rootFs().diffIds().get(0), steps.get(1).layer().orElseThrow());
        assertEquals(app.layers().get(0).size(), steps.get(1).size());
    }
}
