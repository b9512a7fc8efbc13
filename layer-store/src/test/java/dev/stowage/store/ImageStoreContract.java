package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageConflictException;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.InvalidManifestException;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.DeleteResult;
import dev.stowage.core.spi.DiskUsage;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.spi.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Image behaviour every store has; run against each implementation. */
abstract class ImageStoreContract {
    abstract StoreEngine store();

    static ImageReference ref(String s) {
        return ImageReference.parse(s);
    }

    private ImageRecord only(String nameOrId) {
        return store().resolve(nameOrId).orElseThrow();
    }

    @Test
    void taggedImageIsListedWithItsFacts() {
        Instant created = Instant.parse("2023-05-06T07:08:09Z");
        TestImages.Image img = TestImages.store(store(), Platform.of("linux", "arm64", "v8"),
                Map.of("team", "infra"), created, 1, 2);
        store().tag(img.manifest(), ref("registry.example.com/team/app:1"));
        List<ImageRecord> images = store().images();
        assertEquals(1, images.size());
        ImageRecord r = images.get(0);
        assertEquals(img.manifest(), r.digest());
        assertEquals(img.config().digest(), r.id());
        assertEquals(List.of(ref("registry.example.com/team/app:1")), r.references());
        assertEquals(created, r.created().orElseThrow());
        assertEquals(Map.of("team", "infra"), r.labels());
        assertEquals("linux/arm64/v8", r.platform().orElseThrow().toString());
        long size = img.manifestRaw().length + img.config().size() + img.layers().stream().mapToLong(Descriptor::size).sum();
        assertEquals(size, r.size());
        assertTrue(r.lastTagged().isPresent());
        assertFalse(r.isDangling());
    }

    @Test
    void referenceWithoutTagIsRecordedAsLatest() {
        TestImages.Image img = TestImages.store(store(), 3);
        store().tag(img.manifest(), ref("nginx"));
        assertEquals(List.of(ref("docker.io/library/nginx:latest")), only("nginx").references());
    }

    @Test
    void imageWithAMissingLayerCannotBeTagged() {
        TestImages.Image img = TestImages.store(store(), 4, 5);
        store().blobs.delete(img.layers().get(1).digest());
        StowageException e = assertThrows(StowageException.class, () -> store().tag(img.manifest(), ref("app:1")));
        assertTrue(e.getMessage().contains(img.layers().get(1).digest().toString()), e.getMessage());
        assertTrue(store().images().isEmpty());
    }

    @Test
    void invalidManifestIsRefusedBeforeAnythingIsStored() {
        byte[] raw = "{\"schemaVersion\":2,\"layers\":\"no\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidManifestException.class, () -> store().putManifest(raw, MediaTypes.OCI_MANIFEST));
        assertFalse(store().hasBlob(Digest.sha256(raw)));
    }

    @Test
    void movingATagLeavesThePreviousImageUntagged() {
        TestImages.Image a = TestImages.store(store(), 6);
        TestImages.Image b = TestImages.store(store(), 7);
        store().tag(a.manifest(), ref("app:1"));
        store().tag(b.manifest(), ref("app:1"));
        assertEquals(b.manifest(), only("app:1").digest());
        ImageRecord old = only(a.config().digest().toString());
        assertTrue(old.isDangling());
        assertEquals(2, store().images().size());
    }

    @Test
    void untagKeepsTheImageUntagged() {
        TestImages.Image a = TestImages.store(store(), 8);
        store().tag(a.manifest(), ref("app:1"));
        assertTrue(store().untag(ref("app:1")));
        assertFalse(store().untag(ref("app:1")));
        assertTrue(store().resolve("app:1").isEmpty());
        assertTrue(only(a.manifest().toString()).isDangling());
    }

    // docker's naming and rmi rules are specified in core's ImageNamesTest; these show the store
    // gives them the right IDs and names and writes their decisions to its index.

    @Test
    void resolveFindsAnImageByNameAndByItsConfigDigestAsId() {
        TestImages.Image a = TestImages.store(store(), 9);
        store().tag(a.manifest(), ref("docker.io/library/busybox:1.36"));
        Digest id = a.config().digest();
        for (String name : List.of("busybox:1.36", a.manifest().toString(), id.hex().substring(0, 12), "busybox@" + a.manifest())) {
            assertEquals(a.manifest(), store().resolve(name).map(ImageRecord::digest).orElse(null), name);
        }
        assertTrue(store().resolve("busybox:other").isEmpty());
        assertEquals(a.manifest(), store().resolve(ref("busybox:1.36")).orElseThrow().digest());
    }

    @Test
    void digestReferenceRecordsThePinnedImageWithoutTag() {
        TestImages.Image a = TestImages.store(store(), 10);
        store().tag(a.manifest(), ref("example.com/app@" + a.manifest()));
        ImageRecord r = only("example.com/app@" + a.manifest());
        assertEquals(List.of(ref("example.com/app@" + a.manifest())), r.repoDigests());
        assertTrue(r.isDangling());
        TestImages.Image b = TestImages.store(store(), 11);
        assertThrows(IllegalArgumentException.class, () -> store().tag(b.manifest(), ref("example.com/app@" + a.manifest())));
    }

    @Test
    void removingOneOfTwoTagsRemovesOnlyThatEntry() {
        TestImages.Image a = TestImages.store(store(), 12);
        store().tag(a.manifest(), ref("app:1"));
        store().tag(a.manifest(), ref("app:latest"));
        DeleteResult r = store().delete("app:1", false);
        assertEquals(List.of(ref("docker.io/library/app:1")), r.untagged());
        assertTrue(store().resolve("app:1").isEmpty());
        assertEquals(List.of(ref("app:latest")), only("app:latest").references());
    }

    @Test
    void removingByIdRemovesEveryEntryOfEveryManifestSharingTheConfig() {
        TestImages.Image a = TestImages.store(store(), 13);
        ImageManifest sameConfig = ImageManifest.builder()
                .config(a.config().withAnnotations(Map.of("note", "another manifest of the same image"))).layers(a.layers()).build();
        Digest second = store().putManifest(sameConfig.raw(), MediaTypes.OCI_MANIFEST);
        store().tag(a.manifest(), ref("app:1"));
        store().tag(a.manifest(), ref("app@" + a.manifest()));
        store().addUntagged(second);
        TestImages.Image other = TestImages.store(store(), 14);
        store().tag(other.manifest(), ref("other:1"));
        DeleteResult r = store().delete(a.config().digest().toString(), false);
        assertEquals(List.of(ref("app:1"), ref("app@" + a.manifest())), r.untagged());
        assertEquals(List.of(a.config().digest()), r.deleted());
        assertEquals(List.of(other.manifest()), store().images().stream().map(ImageRecord::digest).toList());
    }

    @Test
    void deleteThatNeedsForceLeavesEveryNameInPlace() {
        TestImages.Image a = TestImages.store(store(), 14);
        store().tag(a.manifest(), ref("app:1"));
        store().tag(a.manifest(), ref("other/app:1"));
        String id = a.config().digest().hex().substring(0, 12);
        assertThrows(ImageConflictException.class, () -> store().delete(id, false));
        assertEquals(2, only(id).references().size());
        DeleteResult r = store().delete(id, true);
        assertEquals(2, r.untagged().size());
        assertTrue(store().images().isEmpty());
    }

    @Test
    void deleteChosenDeletesWhatTheChoiceTakesFromOneLookAtImagesAndLeases() {
        TestImages.Image a = TestImages.store(store(), 15);
        ImageManifest sameConfig = ImageManifest.builder()
                .config(a.config().withAnnotations(Map.of("note", "another manifest of the same image"))).layers(a.layers()).build();
        Digest second = store().putManifest(sameConfig.raw(), MediaTypes.OCI_MANIFEST);
        store().tag(a.manifest(), ref("app:1"));
        store().tag(a.manifest(), ref("other/app:1"));
        store().addUntagged(second);
        TestImages.Image busy = TestImages.store(store(), 16);
        try (Lease pull = store().lease()) {
            pull.protect(busy.manifest());
            store().addUntagged(busy.manifest());
            List<DeleteResult> r = store().deleteChosen((images, leased) -> images.stream().map(ImageRecord::digest)
                    .filter(d -> !leased.contains(d)).toList());
            assertEquals(1, r.size(), "the second manifest went with the first: one image");
            assertEquals(List.of(ref("app:1"), ref("other/app:1")), r.get(0).untagged());
            assertEquals(List.of(a.config().digest()), r.get(0).deleted());
        }
        assertEquals(List.of(busy.manifest()), store().images().stream().map(ImageRecord::digest).toList());
    }

    @Test
    void gcAfterDeleteFreesExactlyTheBlobsNoOtherImageUses() {
        TestImages.Image a = TestImages.store(store(), 16, 17);
        TestImages.Image b = TestImages.store(store(), 16, 18);
        store().tag(a.manifest(), ref("app:a"));
        store().tag(b.manifest(), ref("app:b"));
        store().delete("app:a", false);
        long expected = a.manifestRaw().length + a.config().size() + a.layers().get(1).size();
        assertEquals(expected, store().gc().bytesFreed());
        assertTrue(store().hasBlob(a.layers().get(0).digest()), "shared layer kept");
        assertEquals(List.of(), store().verify(false).problems());
    }

    @Test
    void imageFromAnIndexKeepsTheIndexAndOnlyTheFetchedPlatform() {
        TestImages.Image amd = TestImages.store(store(), Platform.of("linux", "amd64"), Map.of(), Instant.EPOCH, 19);
        Descriptor arm = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(TestImages.random(10, 20)), 10)
                .withPlatform(Platform.of("linux", "arm64"));
        Digest index = TestImages.storeIndex(store(), List.of(amd), List.of(arm));
        store().tag(index, ref("multi:1"));
        assertEquals(0, store().gc().removedBlobs().size());
        ImageRecord r = only("multi:1");
        assertEquals(index, r.digest());
        assertEquals(amd.config().digest(), r.id(), "ID of the only stored platform");
        assertEquals("linux/amd64", r.platform().orElseThrow().toString());
        assertTrue(store().verify(false).isClean(), store().verify(false).toString());
    }

    @Test
    void diskUsageSplitsSharedAndUniqueBytes() {
        TestImages.Image a = TestImages.store(store(), 21, 22);
        TestImages.Image b = TestImages.store(store(), 21, 23);
        store().tag(a.manifest(), ref("app:a"));
        store().tag(b.manifest(), ref("app:b"));
        DiskUsage du = store().diskUsage();
        long shared = a.layers().get(0).size();
        DiskUsage.ImageUsage ua = du.images().stream().filter(u -> u.digest().equals(a.manifest())).findFirst().orElseThrow();
        assertEquals(shared, ua.sharedSize());
        assertEquals(a.manifestRaw().length + a.config().size() + a.layers().get(1).size(), ua.uniqueSize());
        assertEquals(ua.size(), ua.sharedSize() + ua.uniqueSize());
        long total = store().blobs.list().stream().mapToLong(d -> store().blobSize(d).orElseThrow()).sum();
        assertEquals(total, du.totalBytes());
        assertEquals(0, du.unreferencedBytes());
        assertEquals(total, du.reclaimableBytes());
    }

    @Test
    void leasedManifestProtectsEverythingItReferences() {
        TestImages.Image a = TestImages.store(store(), 24);
        try (Lease lease = store().lease()) {
            lease.protect(a.manifest());
            store().gc();
        }
        assertTrue(a.blobs().stream().allMatch(store()::hasBlob));
    }

    @Test
    void verifyIsCleanForAHealthyStore() {
        TestImages.Image a = TestImages.store(store(), 25, 26);
        store().tag(a.manifest(), ref("app:1"));
        VerifyReport r = store().verify(false);
        assertEquals(List.of(), r.problems());
        assertEquals(4, r.blobsChecked());
    }

    @Test
    void verifyNamesAMissingBlobByItsFullDigest() {
        TestImages.Image a = TestImages.store(store(), 27);
        store().tag(a.manifest(), ref("app:1"));
        Digest layer = a.layers().get(0).digest();
        store().blobs.delete(layer);
        VerifyReport r = store().verify(false);
        assertEquals(1, r.problems().size());
        assertEquals(VerifyReport.Kind.MISSING_BLOB, r.problems().get(0).kind());
        assertEquals(layer.toString(), r.problems().get(0).subject());
    }

    @Test
    void verifyFindsACorruptBlobAndRepairDeletesIt() {
        TestImages.Image a = TestImages.store(store(), 28);
        store().tag(a.manifest(), ref("app:1"));
        Digest layer = a.layers().get(0).digest();
        corrupt(layer);
        VerifyReport r = store().verify(true);
        assertEquals(VerifyReport.Kind.CORRUPT_BLOB, r.problems().get(0).kind());
        assertTrue(r.problems().get(0).repaired());
        assertFalse(store().hasBlob(layer));
        assertEquals(List.of(VerifyReport.Kind.MISSING_BLOB),
                store().verify(false).problems().stream().map(VerifyReport.Problem::kind).toList());
    }

    /** Replaces a stored blob's content with other bytes of the same length. */
    abstract void corrupt(Digest blob);

    @Test
    void blobChangedSinceItWasStoredFailsItsDigestCheckWhenReadToTheEnd() throws IOException {
        TestImages.Image a = TestImages.store(store(), 32);
        Digest layer = a.layers().get(0).digest();
        corrupt(layer);
        try (InputStream in = store().openBlob(layer)) {
            DigestMismatchException e = assertThrows(DigestMismatchException.class, in::readAllBytes);
            assertEquals(layer, e.expected());
        }
    }

    @Test
    void blobChangedSinceItWasStoredFailsBeforeItsLastBytesAreReturned() throws IOException {
        TestImages.Image a = TestImages.store(store(), 33);
        Digest layer = a.layers().get(0).digest();
        int size = (int) a.layers().get(0).size();
        corrupt(layer);
        try (InputStream in = store().openBlob(layer)) {
            // An upload reads exactly the blob's size and never asks for the end of the stream.
            assertThrows(DigestMismatchException.class, () -> in.readNBytes(size));
        }
    }

    @Test
    void intactBlobReadInPiecesPassesItsDigestCheck() throws IOException {
        TestImages.Image a = TestImages.store(store(), 34);
        Descriptor layer = a.layers().get(0);
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        try (InputStream in = store().openBlob(layer.digest())) {
            byte[] buf = new byte[7];
            int n;
            while ((n = in.read(buf)) >= 0) {
                read.write(buf, 0, n);
            }
        }
        assertEquals(layer.digest(), Digest.sha256(read.toByteArray()));
    }

    /** Reads a blob as a chunked upload does: a new stream per chunk, skipped to where the previous one stopped. */
    private void readInChunks(Digest blob, int size, int chunk) throws IOException {
        for (int offset = 0; offset < size; offset += chunk) {
            try (InputStream in = store().openBlob(blob)) {
                in.skipNBytes(offset);
                in.readNBytes(Math.min(chunk, size - offset));
            }
        }
    }

    @Test
    void blobChangedSinceItWasStoredFailsItsDigestCheckWhenReadInChunks() {
        TestImages.Image a = TestImages.store(store(), 36);
        Descriptor layer = a.layers().get(0);
        corrupt(layer.digest());
        assertThrows(DigestMismatchException.class, () -> readInChunks(layer.digest(), (int) layer.size(), 1000));
    }

    @Test
    void intactBlobReadInChunksPassesItsDigestCheck() throws IOException {
        TestImages.Image a = TestImages.store(store(), 37);
        Descriptor layer = a.layers().get(0);
        readInChunks(layer.digest(), (int) layer.size(), 1000);
    }

    @Test
    void manifestChangedSinceItWasStoredIsRefused() {
        TestImages.Image a = TestImages.store(store(), 35);
        corrupt(a.manifest());
        assertThrows(DigestMismatchException.class, () -> store().manifest(a.manifest()));
    }

    @Test
    void blobLocationsAreRememberedOnceEach() {
        TestImages.Image a = TestImages.store(store(), 29);
        store().tag(a.manifest(), ref("app:1"));
        Digest layer = a.layers().get(0).digest();
        store().blobLocations().record(List.of(layer), new BlobLocation("docker.io", "library/app"));
        store().blobLocations().record(List.of(layer), new BlobLocation("docker.io", "library/app"));
        store().blobLocations().record(List.of(layer), new BlobLocation("ghcr.io", "o/app"));
        assertEquals(Set.of(new BlobLocation("docker.io", "library/app"), new BlobLocation("ghcr.io", "o/app")),
                store().blobLocations().of(layer));
    }

    @Test
    void markUsedRecordsTheLastUseTime() {
        TestImages.Image a = TestImages.store(store(), 30);
        store().tag(a.manifest(), ref("app:1"));
        assertTrue(only("app:1").lastUsed().isEmpty());
        store().markUsed(a.manifest());
        assertTrue(only("app:1").lastUsed().isPresent());
    }

    @Test
    void storedTimeSurvivesRetagging() {
        TestImages.Image a = TestImages.store(store(), 31);
        store().tag(a.manifest(), ref("app:1"));
        Instant stored = only("app:1").stored();
        store().tag(a.manifest(), ref("app:2"));
        assertEquals(stored, only("app:2").stored());
        List<ImageRecord> all = new ArrayList<>(store().images());
        assertEquals(1, all.size());
        assertEquals(2, all.get(0).tags().size());
    }

    @Test
    void aBuildCacheValueIsReadBackWhileItsBlobsAreStored() {
        TestImages.Image a = TestImages.store(store(), 32);
        Digest layer = a.layers().get(0).digest();
        Digest key = Digest.sha256("step".getBytes(StandardCharsets.UTF_8));
        store().putBuildCache(key, "layer-of-step".getBytes(StandardCharsets.UTF_8), Set.of(layer));
        assertEquals("layer-of-step", new String(store().buildCache(key).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(store().buildCache(Digest.sha256(new byte[] {1})).isEmpty());
    }

    @Test
    void aBuildCacheEntryGoesWithTheBlobItDependsOn() {
        TestImages.Image a = TestImages.store(store(), 33);
        Digest layer = a.layers().get(0).digest();
        Digest key = Digest.sha256("step".getBytes(StandardCharsets.UTF_8));
        store().putBuildCache(key, new byte[] {7}, Set.of(layer));
        store().gc(); // nothing tags the image: its blobs go, and the entry with them
        assertFalse(store().hasBlob(layer));
        assertTrue(store().buildCache(key).isEmpty());
    }

    @Test
    void aBuildCacheEntryForABlobNotStoredIsNotKept() {
        Digest key = Digest.sha256("step".getBytes(StandardCharsets.UTF_8));
        store().putBuildCache(key, new byte[] {7}, Set.of(Digest.sha256(new byte[] {42})));
        assertTrue(store().buildCache(key).isEmpty());
    }

    @Test
    void aBuildCacheValueOverTheLimitIsRefused() {
        Digest key = Digest.sha256("step".getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class,
                () -> store().putBuildCache(key, new byte[dev.stowage.core.spi.ImageStore.MAX_BUILD_CACHE_VALUE + 1], Set.of()));
    }
}
