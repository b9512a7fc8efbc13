package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.spi.Lease;
import dev.stowage.store.InMemoryImageStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageManagerDiskUsageTest {
    private final InMemoryImageStore store = new InMemoryImageStore();
    private final ImageManager images = ImageManager.builder().store(store).build();

    @Test
    void countsImagesAndSplitsSharedFromUniqueBytes() {
        TestImage.Stored base = TestImage.created("2024-01-01T00:00:00Z").layer(2000, 1, "ADD base").storeIn(store, "base:1");
        TestImage.Stored app = TestImage.created("2024-02-01T00:00:00Z").layer(2000, 1, "ADD base").layer(700, 2, "ADD app")
                .storeIn(store, "app:1");

        DiskUsageReport df = images.diskUsage().call();

        assertEquals(2, df.totalImages());
        assertEquals(0, df.activeImages());
        assertEquals(df.sizeBytes(), df.reclaimableBytes());
        assertEquals(List.of("app:1", "base:1"), df.images().stream()
                .map(u -> u.reference().orElseThrow().familiar()).toList());
        DiskUsageReport.ImageUsage appUsage = df.images().get(0);
        assertEquals(app.id(), appUsage.id());
        assertEquals(base.layers().get(0).size(), appUsage.sharedSize());
        assertEquals(appUsage.size() - appUsage.sharedSize(), appUsage.uniqueSize());
        assertEquals(store.resolve("app:1").orElseThrow().size(), appUsage.size());
    }

    @Test
    void leasedImageIsActiveAndNotReclaimable() {
        TestImage.Stored busy = TestImage.created("2024-01-01T00:00:00Z").layer(2000, 1, "ADD").storeIn(store, "busy:1");
        TestImage.created("2024-01-01T00:00:00Z").layer(2000, 2, "ADD").storeIn(store, "idle:1");

        try (Lease lease = store.lease()) {
            lease.protect(busy.manifest());
            lease.protect(busy.id());
            busy.layers().forEach(l -> lease.protect(l.digest()));
            DiskUsageReport df = images.diskUsage().call();

            assertEquals(1, df.activeImages());
            assertEquals(df.sizeBytes() - store.resolve("busy:1").orElseThrow().size(), df.reclaimableBytes());
        }
    }
}
