package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;
    private FileImageStore store;

    @BeforeEach
    void open() {
        store = FileImageStore.open(dir.resolve("store"));
    }

    @Override
    ImageStore store() {
        return store;
    }

    @Override
    void makeIngestStale(Digest d) throws IOException {
        Path partial = dir.resolve("store/stowage/ingest/sha256-" + d.hex());
        Files.setLastModifiedTime(partial, FileTime.from(Instant.now().minusSeconds(2 * 3600)));
    }

    private long filesUnder(String sub) throws IOException {
        Path p = dir.resolve("store").resolve(sub);
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void gcForgetsTheLeaseOfAProcessThatEndedAndKeepsALiveOne() throws IOException {
        byte[] content = bytes(100, 23);
        Digest d = Digest.sha256(content);
        Path leases = Files.createDirectories(dir.resolve("store/stowage/leases"));
        // a lease file whose lock region nobody holds: what a process that died leaves behind
        Path dead = Files.writeString(leases.resolve("123456789"), d + "\n");
        try (var live = store.lease()) {
            store.putBlob(d, content.length, new ByteArrayInputStream(content));

            assertEquals(1, store.gc().removedLeases());
            assertFalse(Files.exists(dead));
            assertTrue(store.hasBlob(d), "the live lease still protects its blob");
            assertEquals(0, store.gc().removedLeases());
        }
    }

    @Test
    void blobIsAFileNamedByItsDigest() {
        byte[] content = bytes(100, 20);
        Digest d = Digest.sha256(content);
        store.putBlob(d, content.length, new ByteArrayInputStream(content));
        assertTrue(Files.isRegularFile(dir.resolve("store/blobs/sha256/" + d.hex())));
    }

    @Test
    void rejectedBlobLeavesNoFileAnywhere() throws IOException {
        byte[] content = bytes(100, 21);
        Digest wrong = Digest.sha256(bytes(100, 22));
        assertThrows(DigestMismatchException.class, () -> store.putBlob(wrong, 100, new ByteArrayInputStream(content)));
        assertEquals(0, filesUnder("blobs"));
        assertEquals(0, filesUnder("stowage/ingest"));
    }

    @Test
    void partialIngestIsKeptByDigestAndInvisibleToReaders() {
        byte[] content = bytes(100_000, 23);
        Digest d = Digest.sha256(content);
        try (BlobIngest ingest = store.ingest(d, content.length)) {
            ingest.append(new ByteArrayInputStream(content, 0, 50_000));
            assertFalse(store.hasBlob(d));
        }
        assertTrue(Files.isRegularFile(dir.resolve("store/stowage/ingest/sha256-" + d.hex())));
        assertFalse(store.hasBlob(d));
    }

    @Test
    void partialIngestBeingWrittenSurvivesGcEvenWhenOld() throws IOException {
        byte[] content = bytes(10_000, 25);
        Digest d = Digest.sha256(content);
        try (BlobIngest ingest = store.ingest(d, content.length)) {
            ingest.append(new ByteArrayInputStream(content, 0, 4000));
            Path partial = dir.resolve("store/stowage/ingest/sha256-" + d.hex());
            Files.setLastModifiedTime(partial, FileTime.from(Instant.now().minusSeconds(2 * 3600)));
            assertEquals(0, store.gc().removedIngests());
            ingest.append(new ByteArrayInputStream(content, 4000, 6000));
            ingest.commit();
        }
        assertTrue(store.hasBlob(d));
    }

    @Test
    void leaseFileOfAProcessThatIsGoneIsIgnoredAndRemoved() throws IOException {
        byte[] content = bytes(100, 26);
        Digest d = Digest.sha256(content);
        store.putBlob(d, content.length, new ByteArrayInputStream(content));
        Path orphan = dir.resolve("store/stowage/leases/12345");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, d + "\n");
        store.gc();
        assertFalse(store.hasBlob(d));
        assertFalse(Files.exists(orphan));
    }

    @Test
    void twoStoreObjectsOnOneDirectoryShareLeases() {
        byte[] content = bytes(100, 27);
        Digest d = Digest.sha256(content);
        try (FileImageStore other = FileImageStore.open(dir.resolve("store"));
             var lease = other.lease()) {
            other.putBlob(d, content.length, new ByteArrayInputStream(content));
            store.gc();
            assertTrue(store.hasBlob(d));
        }
    }
}
