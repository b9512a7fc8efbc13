package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import dev.stowage.store.FileImageStore;
import dev.stowage.store.InMemoryImageStore;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageManagerPruneTest {
    /** Every image entered the store in 2019, before it was created: its age is its creation time, as docker counts it. */
    private final InMemoryImageStore store = InMemoryImageStore.create(Clock.fixed(Instant.parse("2019-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final ImageManager images = ImageManager.builder().store(store).build();

    private static List<String> tags(ImageManager images) {
        return images.list().call().stream().map(r -> r.repository() + ":" + r.tag()).toList();
    }

    private static TestImage.Stored version(ImageStore store, int n, String... refs) {
        return TestImage.created("2024-01-0" + n + "T00:00:00Z").layer(1000, 100 + n, "ADD v" + n).storeIn(store, refs);
    }

    @Test
    void defaultRemovesOnlyDanglingImages() {
        version(store, 1, "app:1");
        TestImage.Stored loose = version(store, 2);

        PruneReport report = images.prune().call();

        assertEquals(List.of(loose.id()), report.deletedImages());
        assertEquals(List.of("app:1"), tags(images));
        assertFalse(report.dryRun());
    }

    @Test
    void imageKnownOnlyByDigestCountsAsDangling() {
        TestImage.Stored pinned = version(store, 1, "app:1");
        store.tag(pinned.manifest(), dev.stowage.core.reference.ImageReference.parse("app@" + pinned.manifest()));
        store.untag(dev.stowage.core.reference.ImageReference.parse("app:1"));

        PruneReport report = images.prune().call();

        assertEquals(List.of("untagged app@" + pinned.manifest(), "deleted " + pinned.id()),
                report.removals().stream().map(r -> r.kind().name().toLowerCase() + " " + r.subject()).toList());
    }

    @Test
    void allRemovesTaggedImagesToo() {
        version(store, 1, "app:1");
        version(store, 2, "app:2", "other:2");

        PruneReport report = images.prune().all().call();

        assertEquals(2, report.deletedImages().size());
        assertTrue(store.images().isEmpty());
    }

    @Test
    void untilSparesNewerImages() {
        version(store, 1, "app:1");
        version(store, 3, "app:3");

        images.prune().all().until(Instant.parse("2024-01-02T00:00:00Z")).call();

        assertEquals(List.of("app:3"), tags(images));
    }

    @Test
    void untilDurationCountsBackFromNow() {
        version(store, 1, "app:1");
        TestImage.created("2999-01-01T00:00:00Z").layer(100, 7, "ADD").storeIn(store, "future:1");

        images.prune().all().until(Duration.ofDays(1)).call();

        assertEquals(List.of("future:1"), tags(images));
    }

    @Test
    void labelPrunesOnlyMatchingImages() {
        TestImage.created("2024-01-01T00:00:00Z").label("env", "test").layer(100, 1, "ADD").storeIn(store, "a:1");
        TestImage.created("2024-01-01T00:00:00Z").label("env", "prod").layer(100, 2, "ADD").storeIn(store, "b:1");

        images.prune().all().label("env=test").call();

        assertEquals(List.of("b:1"), tags(images));
    }

    @Test
    void labelNotSparesMatchingImages() {
        TestImage.created("2024-01-01T00:00:00Z").label("keep", "yes").layer(100, 1, "ADD").storeIn(store, "a:1");
        TestImage.created("2024-01-01T00:00:00Z").layer(100, 2, "ADD").storeIn(store, "b:1");

        images.prune().all().labelNot("keep").call();

        assertEquals(List.of("a:1"), tags(images));
    }

    @Test
    void keepLastKeepsTheNewestVersionsOfEachRepository() {
        for (int n = 1; n <= 5; n++) {
            version(store, n, "app:" + n);
        }
        version(store, 6, "db:1");
        TestImage.Stored loose = version(store, 7);

        PruneReport report = images.prune().keepLast(2).call();

        assertEquals(List.of("db:1", "app:5", "app:4"), tags(images));
        assertEquals(4, report.deletedImages().size());
        assertTrue(report.deletedImages().contains(loose.id()));
    }

    @Test
    void keepLastKeepsAnImageThatIsRecentInAnyOfItsRepositories() {
        version(store, 1, "app:1", "stable:1");
        version(store, 2, "app:2");
        version(store, 3, "app:3");

        images.prune().keepLast(1).call();

        assertEquals(List.of("app:3", "app:1", "stable:1"), tags(images));
    }

    @Test
    void keepLastMustNotBeNegative() {
        assertThrows(IllegalArgumentException.class, () -> images.prune().keepLast(-1));
    }

    @Test
    void leasedImageIsNeverPruned() {
        TestImage.Stored busy = version(store, 1, "app:1");
        version(store, 2, "app:2");

        try (Lease lease = store.lease()) {
            lease.protect(busy.manifest());
            images.prune().all().call();
        }

        assertEquals(List.of("app:1"), tags(images));
        assertTrue(store.hasBlob(busy.layers().get(0).digest()));
    }

    /**
     * The race a multi-process soak hit: a pull in another process is between its two names (the
     * image has its repo digest, no tag yet: dangling, but leased) when the prune first looks at
     * the store; right after that look the pull writes its tag and ends its lease. Judged on that
     * look, the image was dangling; judged on the lease read after it, unprotected: a prune that
     * deletes on such looks removes the tag the pull had just reported written.
     */
    @Test
    void danglingPruneSparesAnImageAPullNamesRightAfterThePruneLooks() {
        TestImage.Stored pulled = version(store, 1);
        ImageReference tag = ImageReference.parse("app:1");
        Lease pull = store.lease();
        pull.protect(pulled.manifest());
        store.tag(pulled.manifest(), ImageReference.parse("app@" + pulled.manifest()));
        ImageStore racing = afterFirstLook(store, () -> {
            store.tag(pulled.manifest(), tag);
            pull.close();
        });

        ImageManager.builder().store(racing).build().prune().call();

        assertEquals(pulled.manifest(), store.resolve(tag).orElseThrow(() -> new AssertionError("lost " + tag)).digest());
    }

    /** {@code store}, running {@code meanwhile} once, as another process would, right after its images or leases are first read. */
    private static ImageStore afterFirstLook(ImageStore store, Runnable meanwhile) {
        AtomicBoolean done = new AtomicBoolean();
        return (ImageStore) Proxy.newProxyInstance(ImageStore.class.getClassLoader(), new Class<?>[] {ImageStore.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (Set.of("images", "leasedDigests", "deleteChosen").contains(method.getName())
                            && done.compareAndSet(false, true)) {
                        meanwhile.run();
                    }
                    return result;
                });
    }

    @Test
    void dryRunChangesNothingAndPredictsWhatARealRunFrees() {
        version(store, 1, "app:1");
        version(store, 2, "app:2");
        TestImage.Stored shared = TestImage.created("2024-01-03T00:00:00Z").layer(1000, 101, "ADD v1").layer(300, 9, "ADD")
                .storeIn(store, "app:3");

        PruneReport preview = images.prune().keepLast(1).dryRun().call();

        assertTrue(preview.dryRun());
        assertEquals(List.of("app:3", "app:2", "app:1"), tags(images));
        PruneReport real = images.prune().keepLast(1).call();
        assertEquals(preview.removals(), real.removals());
        assertEquals(preview.reclaimedBytes(), real.reclaimedBytes());
        assertTrue(store.hasBlob(shared.layers().get(0).digest()), "a layer app:3 shares with app:1 stays");
    }

    @Test
    void reportListsUntaggedAndDeletedInDockersOrder() {
        TestImage.Stored app = version(store, 1, "app:1");

        PruneReport report = images.prune().all().call();

        assertEquals(List.of("Untagged: app:1", "Deleted: " + app.id()), report.removals().stream().map(Removal::toString).toList());
    }

    @Test
    void reclaimedBytesEqualTheFileStoresSizeChange(@TempDir Path dir) {
        try (ImageManager files = ImageManager.builder().store(FileImageStore.open(dir)).build()) {
            version(files.store(), 1, "app:1");
            version(files.store(), 2, "app:2");
            TestImage.created("2024-01-03T00:00:00Z").layer(1000, 101, "ADD v1").storeIn(files.store());
            long before = files.diskUsage().call().sizeBytes();

            PruneReport report = files.prune().keepLast(1).call();

            long after = files.diskUsage().call().sizeBytes();
            assertEquals(before - after, report.reclaimedBytes());
            assertTrue(report.reclaimedBytes() > 0);
        }
    }

    @Test
    void pruneAllOnAnUnleasedFileStoreEmptiesBlobs(@TempDir Path dir) throws IOException {
        try (ImageManager files = ImageManager.builder().store(FileImageStore.open(dir)).build()) {
            version(files.store(), 1, "app:1");
            version(files.store(), 2);

            files.prune().all().call();

            assertTrue(files.list().call().isEmpty());
        }
        try (Stream<Path> blobs = Files.walk(dir.resolve("blobs"))) {
            assertEquals(List.of(), blobs.filter(Files::isRegularFile).toList());
        }
    }
}
