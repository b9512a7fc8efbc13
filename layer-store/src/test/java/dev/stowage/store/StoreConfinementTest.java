package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.InvalidStoreException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.BlobWriter;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.spi.VerifyReport;
import dev.stowage.testkit.Canaries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tampered store (links and FIFOs planted where the store keeps its own files) never makes
 * the store read, write or delete anything outside its directory, nor hang: every finding of the
 * hostile-store probe, with canary files outside the store that must survive unchanged.
 */
class StoreConfinementTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;
    private Path root;
    private FileImageStore store;
    private TestImages.Image image;
    private final List<Path> fifos = new ArrayList<>();

    @BeforeEach
    void storeWithAnImage() {
        root = dir.resolve("store");
        store = FileImageStore.open(root);
        image = TestImages.store(store, 1, 2);
        store.tag(image.manifest(), ImageReference.parse("app:1"));
    }

    /** A reader stuck opening a FIFO (on code that opens one) is released, so a failed test does not hang the run. */
    @AfterEach
    void releaseReadersOfFifos() throws IOException {
        for (Path fifo : fifos) {
            if (Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)) {
                FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
            }
        }
    }

    /** Files outside the store named as the store names its own: what a sweep through a link would delete. */
    private Canaries canariesNamedLikeTheStoresFiles() {
        Canaries outside = Canaries.in(dir.resolve("outside"));
        outside.plant("12345");
        outside.plant(HEX);
        outside.plant("sha256-" + HEX);
        outside.plant("new-" + UUID.randomUUID());
        outside.plant("index.json." + UUID.randomUUID() + ".tmp");
        outside.plant("sha256/" + HEX);
        outside.plant("notes.txt");
        return outside;
    }

    private Path blobPath(Digest d) {
        return root.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    /** Puts a symbolic link to {@code target} where {@code entry} of the store is (whatever was there goes). */
    private Path replaceWithLink(String entry, Path target) throws IOException {
        Path p = root.resolve(entry);
        deleteRecursively(p);
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, target);
    }

    private Path replaceWithFifo(Path p) throws IOException, InterruptedException {
        deleteRecursively(p);
        Process mkfifo = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo " + p);
        fifos.add(p);
        return p;
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) { // walk does not follow links
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** What {@code action} threw, or null: the canaries are checked first, whatever happened. */
    private static Throwable failureOf(Executable action) {
        try {
            action.execute();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static boolean reports(VerifyReport report, Digest blob, String words) {
        return report.problems().stream().anyMatch(p -> p.kind() == VerifyReport.Kind.CORRUPT_BLOB
                && p.subject().equals(blob.toString()) && p.message().contains(words));
    }

    // ---- the store's own directories and files as links

    @ParameterizedTest
    @ValueSource(strings = {"blobs", "blobs/sha256", "blobs/foo", "stowage", "stowage/tmp", "stowage/ingest",
            "stowage/leases"})
    void storeWhoseOwnDirectoryIsALinkIsRefusedAndNothingOutsideIsTouched(String entry) throws IOException {
        Canaries outside = canariesNamedLikeTheStoresFiles();
        replaceWithLink(entry, outside.directory());

        Throwable failure = failureOf(() -> {
            try (FileImageStore s = FileImageStore.open(root)) {
                s.delete("app:1", true);
                s.diskUsage();
                s.gc();
            }
        });

        outside.assertUntouched();
        assertInstanceOf(InvalidStoreException.class, failure);
        assertTrue(failure.getMessage().contains(root.resolve(entry) + " is a symbolic link"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci-layout", "index.json", "stowage/lock", "stowage/metadata.json"})
    void storeWhoseOwnFileIsALinkIsRefusedAndNothingOutsideIsRead(String entry) throws IOException {
        Canaries outside = Canaries.in(dir.resolve("outside"));
        replaceWithLink(entry, outside.plant("file"));

        Throwable failure = failureOf(() -> {
            try (FileImageStore s = FileImageStore.open(root)) {
                s.images();
                s.verify(true);
            }
        });

        outside.assertUntouched();
        assertInstanceOf(InvalidStoreException.class, failure);
        assertTrue(failure.getMessage().contains(root.resolve(entry) + " is a symbolic link"), failure.getMessage());
    }

    // ---- sweeps over directories linked while the store is open

    @Test
    void removingAnImageNeverDeletesThroughATmpDirectoryLinkedWhileTheStoreIsOpen() throws IOException {
        Canaries outside = canariesNamedLikeTheStoresFiles();
        replaceWithLink("stowage/tmp", outside.directory());

        Throwable failure = failureOf(() -> {
            store.delete("app:1", false);
            store.gc();
        });

        outside.assertUntouched();
        assertInstanceOf(InvalidStoreException.class, failure);
    }

    @Test
    void diskUsageNeverDeletesThroughALeasesDirectoryLinkedWhileTheStoreIsOpen() throws IOException {
        Canaries outside = canariesNamedLikeTheStoresFiles();
        replaceWithLink("stowage/leases", outside.directory());

        Throwable failure = failureOf(store::diskUsage);

        outside.assertUntouched();
        assertInstanceOf(InvalidStoreException.class, failure);
    }

    @Test
    void collectionNeverDeletesThroughAnIngestDirectoryLinkedWhileTheStoreIsOpen() throws IOException {
        Canaries outside = canariesNamedLikeTheStoresFiles();
        replaceWithLink("stowage/ingest", outside.directory());

        Throwable failure = failureOf(store::gc);

        outside.assertUntouched();
        assertInstanceOf(InvalidStoreException.class, failure);
    }

    @Test
    void collectionNeverEntersABlobsSubdirectoryLinkedWhileTheStoreIsOpen() throws IOException {
        Canaries outside = canariesNamedLikeTheStoresFiles();
        replaceWithLink("blobs/foo", outside.directory());

        Throwable failure = failureOf(store::gc);

        outside.assertUntouched();
        assertNull(failure);
        assertTrue(store.verify(false).isClean(), "the store's own blobs are untouched");
    }

    @Test
    void collectionNeverEntersABlobsDirectoryLinkedWhileTheStoreIsOpen() throws IOException {
        Canaries outside = canariesNamedLikeTheStoresFiles();
        replaceWithLink("blobs", outside.directory());

        Throwable failure = failureOf(store::gc);

        outside.assertUntouched();
        assertInstanceOf(InvalidStoreException.class, failure);
    }

    @Test
    void sweepsRemoveOnlyFilesNamedAsTheStoreNamesItsOwn() {
        List<Canaries> foreign = new ArrayList<>();
        for (String sub : List.of("stowage/tmp", "stowage/ingest", "stowage/leases")) {
            Canaries c = Canaries.in(root.resolve(sub));
            c.plant("notes.txt");
            c.plant("backup");
            foreign.add(c);
        }

        store.gc();
        store.diskUsage();

        foreign.forEach(Canaries::assertUntouched);
    }

    // ---- links and FIFOs where the store's files should be

    @Test
    void storingABlobNeverWritesThroughALinkPlantedAtItsIngestName() throws IOException {
        byte[] content = TestImages.random(10_000, 40);
        Digest d = Digest.sha256(content);
        Canaries outside = Canaries.in(dir.resolve("outside"));
        // Larger than the blob: a resumed download would truncate it and write the blob into it.
        replaceWithLink("stowage/ingest/sha256-" + d.hex(), outside.plant("victim", 20_000));

        Throwable failure = failureOf(() -> {
            try (BlobIngest ingest = store.ingest(d, content.length)) {
                ingest.append(new ByteArrayInputStream(content));
                ingest.commit();
            }
        });

        outside.assertUntouched();
        assertNull(failure);
        assertTrue(Files.isRegularFile(blobPath(d), LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals(content, Files.readAllBytes(blobPath(d)));
    }

    @Test
    void blobThatIsALinkIsNotStoredAndOpeningItSaysWhy() throws IOException {
        Digest layer = image.layers().get(0).digest();
        Canaries outside = Canaries.in(dir.resolve("outside"));
        replaceWithLink(blobPath(layer).toString(), outside.plant("secret", (int) image.layers().get(0).size()));

        assertFalse(store.hasBlob(layer));
        assertTrue(store.blobSize(layer).isEmpty());
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.openBlob(layer));

        assertTrue(e.getMessage().contains("is a symbolic link, not a regular file"), e.getMessage());
        outside.assertUntouched();
    }

    @Test
    void imagesAndVerifyNeverReadABlobThatIsALinkAndVerifyReportsIt() throws IOException {
        Digest config = image.config().digest();
        Digest layer = image.layers().get(0).digest();
        Canaries outside = Canaries.in(dir.resolve("outside"));
        replaceWithLink(blobPath(config).toString(), outside.plant("config", (int) image.config().size()));
        replaceWithLink(blobPath(layer).toString(), outside.plant("layer", (int) image.layers().get(0).size()));

        List<ImageRecord> images = store.images();
        VerifyReport report = store.verify(false);

        outside.assertUntouched();
        assertEquals(1, images.size());
        assertTrue(reports(report, config, "is a symbolic link"), report.toString());
        assertTrue(reports(report, layer, "is a symbolic link"), report.toString());
    }

    @Test
    void repairRemovesABlobLinkItselfNotWhatItPointsTo() throws IOException {
        Digest layer = image.layers().get(0).digest();
        Canaries outside = Canaries.in(dir.resolve("outside"));
        replaceWithLink(blobPath(layer).toString(), outside.plant("layer", (int) image.layers().get(0).size()));

        VerifyReport report = store.verify(true);

        assertTrue(report.problems().stream().anyMatch(p -> p.subject().equals(layer.toString()) && p.repaired()
                && p.message().contains("is a symbolic link")), report.toString());
        assertFalse(Files.exists(blobPath(layer), LinkOption.NOFOLLOW_LINKS));
        outside.assertUntouched();
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void imagesAndVerifyFinishWhenAManifestIsAFifoAndVerifyReportsIt() throws Exception {
        replaceWithFifo(blobPath(image.manifest()));

        List<ImageRecord> images = store.images();
        VerifyReport report = store.verify(false);

        assertEquals(1, images.size());
        assertTrue(reports(report, image.manifest(), "is a FIFO"), report.toString());
    }

    // ---- everything at once

    /**
     * Every operation of the store's SPI, on a store tampered at file level (where it still
     * opens) and then with its directories linked out while open: each may succeed or fail, but
     * nothing outside the store is read, written or deleted, and nothing hangs.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyStoreOperationOnATamperedStoreStaysInsideItsRoot() throws Exception {
        TestImages.Image fifoImage = TestImages.store(store, 3);
        store.tag(fifoImage.manifest(), ImageReference.parse("fifo:1"));
        TestImages.Image intact = TestImages.store(store, 4);
        store.tag(intact.manifest(), ImageReference.parse("intact:1"));
        byte[] ingested = TestImages.random(5000, 41);
        Digest ingestedDigest = Digest.sha256(ingested);
        Canaries outside = canariesNamedLikeTheStoresFiles();
        replaceWithLink(blobPath(image.config().digest()).toString(), outside.plant("config", (int) image.config().size()));
        Digest layer = image.layers().get(0).digest();
        replaceWithLink(blobPath(layer).toString(), outside.plant("layer", (int) image.layers().get(0).size()));
        replaceWithFifo(blobPath(fifoImage.manifest()));
        replaceWithLink("stowage/ingest/sha256-" + ingestedDigest.hex(), outside.plant("ingest-victim"));
        replaceWithLink("stowage/ingest/new-" + UUID.randomUUID(), outside.plant("writer-victim"));
        replaceWithLink("stowage/tmp/index.json." + UUID.randomUUID() + ".tmp", outside.plant("tmp-victim"));
        replaceWithLink("stowage/leases/4242", outside.plant("lease-victim"));

        try (FileImageStore reopened = FileImageStore.open(root)) {
            runEveryOperation(reopened, image, fifoImage, intact, ingested);
            outside.assertUntouched();

            for (String sub : List.of("stowage/tmp", "stowage/ingest", "stowage/leases", "blobs/foo")) {
                replaceWithLink(sub, outside.directory());
            }
            runEveryOperation(reopened, image, fifoImage, intact, ingested);
            outside.assertUntouched();
        }
    }

    private static void runEveryOperation(FileImageStore s, TestImages.Image linked, TestImages.Image fifo,
                                          TestImages.Image intact, byte[] ingested) {
        Digest layer = linked.layers().get(0).digest();
        Digest ingestedDigest = Digest.sha256(ingested);
        byte[] written = TestImages.random(3000, 42);
        Map<String, Executable> operations = new LinkedHashMap<>();
        operations.put("hasBlob", () -> s.hasBlob(layer));
        operations.put("blobSize", () -> s.blobSize(layer));
        operations.put("openBlob of a link", () -> readFully(s, layer));
        operations.put("openBlob of a FIFO", () -> readFully(s, fifo.manifest()));
        operations.put("openBlob of a config link", () -> readFully(s, linked.config().digest()));
        operations.put("putBlob", () -> s.putBlob(ingestedDigest, ingested.length, new ByteArrayInputStream(ingested)));
        operations.put("ingest", () -> {
            try (BlobIngest ingest = s.ingest(layer, linked.layers().get(0).size())) {
                ingest.append(new ByteArrayInputStream(new byte[10]));
            }
        });
        operations.put("newBlob", () -> {
            try (BlobWriter w = s.newBlob()) {
                w.write(written);
                w.commit();
            }
        });
        operations.put("putManifest", () -> s.putManifest(intact.manifestRaw(), null));
        operations.put("manifest of a FIFO", () -> s.manifest(fifo.manifest()));
        operations.put("manifest", () -> s.manifest(linked.manifest()));
        operations.put("tag", () -> s.tag(intact.manifest(), ImageReference.parse("intact:2")));
        operations.put("addUntagged", () -> s.addUntagged(intact.manifest()));
        operations.put("untag", () -> s.untag(ImageReference.parse("intact:2")));
        operations.put("resolve by name", () -> s.resolve("fifo:1"));
        operations.put("resolve by reference", () -> s.resolve(ImageReference.parse("app:1")));
        operations.put("resolve by ID prefix", () -> s.resolve("0123"));
        operations.put("images", s::images);
        operations.put("markUsed", () -> s.markUsed(linked.manifest()));
        operations.put("record a blob location", () -> s.blobLocations().record(java.util.List.of(layer),
                new BlobLocation("registry.example.com", "app")));
        operations.put("blob locations", () -> s.blobLocations().of(layer));
        operations.put("lease", () -> {
            try (Lease lease = s.lease()) {
                lease.protect(layer);
                s.leasedDigests();
            }
        });
        operations.put("diskUsage", s::diskUsage);
        operations.put("verify", () -> s.verify(false));
        operations.put("delete", () -> s.delete("fifo:1", true));
        operations.put("gc", s::gc);
        operations.put("verify with repair", () -> s.verify(true));
        operations.put("delete by ID", () -> s.delete(linked.config().digest().hex(), true));
        operations.put("gc again", s::gc);
        for (Map.Entry<String, Executable> op : operations.entrySet()) {
            try {
                op.getValue().execute();
            } catch (Throwable expectedOnATamperedStore) {
                if (expectedOnATamperedStore instanceof Error e) {
                    throw new AssertionError(op.getKey() + " failed with an error", e);
                }
            }
        }
    }

    private static void readFully(FileImageStore s, Digest d) throws IOException {
        try (InputStream in = s.openBlob(d)) {
            in.readAllBytes();
        }
    }
}
