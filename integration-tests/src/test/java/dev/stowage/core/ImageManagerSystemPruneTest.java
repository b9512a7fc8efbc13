package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.store.FileImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker system prune} over the file store: images as image prune, then partial downloads, dead leases and unreferenced blobs. */
class ImageManagerSystemPruneTest {
    @TempDir
    Path dir;

    private FileImageStore store;
    private ImageManager images;

    @BeforeEach
    void open() {
        store = FileImageStore.open(dir.resolve("store"));
        images = ImageManager.builder().store(store).build();
    }

    @AfterEach
    void close() {
        images.close();
    }

    private TestImage.Stored version(int n, String... refs) {
        return TestImage.created("2024-01-0" + n + "T00:00:00Z").label("n", Integer.toString(n))
                .layer(1000, 200 + n, "ADD v" + n).storeIn(store, refs);
    }

    /** A download of {@code received} bytes of a blob, interrupted, last written {@code age} ago. */
    private Digest partialDownload(long seed, int received, Duration age) throws IOException {
        byte[] content = new byte[10_000];
        new Random(seed).nextBytes(content);
        Digest digest = Digest.sha256(content);
        try (BlobIngest ingest = store.ingest(digest, content.length)) {
            ingest.append(new ByteArrayInputStream(content, 0, received));
        }
        Files.setLastModifiedTime(dir.resolve("store/stowage/ingest/sha256-" + digest.hex()),
                FileTime.from(Instant.now().minus(age)));
        return digest;
    }

    @Test
    void removesDanglingImagesEveryIdlePartialDownloadAndUnreferencedBlobs() throws IOException {
        version(1, "app:1");
        TestImage.Stored loose = version(2);
        Digest partial = partialDownload(1, 3000, Duration.ofMinutes(1));
        byte[] stray = "no image references me".getBytes();
        store.putBlob(Digest.sha256(stray), stray.length, new ByteArrayInputStream(stray));

        SystemPruneReport report = images.systemPrune().call();

        assertEquals(List.of(loose.id()), report.deletedImages());
        assertEquals(List.of(partial), report.partialDownloads());
        assertFalse(store.hasBlob(Digest.sha256(stray)));
        assertTrue(store.resolve("app:1").isPresent());
        assertEquals(0, store.diskUsage().partialDownloads().count());
        assertTrue(report.reclaimedBytes() >= 3000 + stray.length + loose.layerBytes(), "" + report.reclaimedBytes());
    }

    @Test
    void allRemovesTaggedImagesToo() {
        version(1, "app:1");

        SystemPruneReport report = images.systemPrune().all().call();

        assertEquals(1, report.deletedImages().size());
        assertTrue(store.images().isEmpty());
    }

    @Test
    void untilKeepsPartialDownloadsWrittenSinceAndNewerImages() throws IOException {
        // Created in 2024 but stored just now: an image's age counts from the later of the two
        // (ImageAge), so a 1-day cut-off keeps it, as it keeps the recent partial download.
        TestImage.Stored image = version(1, "app:1");
        Digest old = partialDownload(2, 1000, Duration.ofDays(3));
        Digest recent = partialDownload(3, 1000, Duration.ofHours(2));

        SystemPruneReport report = images.systemPrune().all().until(Duration.ofDays(1)).call();

        assertEquals(List.of(old), report.partialDownloads());
        assertEquals(1, store.diskUsage().partialDownloads().count(), "the recent one " + recent + " stays");
        assertEquals(List.of(), report.deletedImages(), "image " + image.id() + " arrived just now");
    }

    @Test
    void aLabelFilterSparesPartialDownloadsWhichHaveNoLabels() throws IOException {
        version(1, "app:1");
        TestImage.Stored two = version(2, "app:2");
        partialDownload(4, 1000, Duration.ofDays(3));

        SystemPruneReport report = images.systemPrune().all().label("n=2").call();

        assertEquals(List.of(two.id()), report.deletedImages());
        assertEquals(List.of(), report.partialDownloads());
    }

    @Test
    void forgetsLeasesOfProcessesThatEnded() throws IOException {
        Path leases = Files.createDirectories(dir.resolve("store/stowage/leases"));
        Files.writeString(leases.resolve("987654321"), "");

        SystemPruneReport report = images.systemPrune().call();

        assertEquals(1, report.removedLeases());
        assertFalse(Files.exists(leases.resolve("987654321")));
    }
}
