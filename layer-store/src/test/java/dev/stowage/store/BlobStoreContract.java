package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.PartialDownloadUsage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.GcReport;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.spi.BlobWriter;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Blob behaviour every store has; run against each implementation. */
abstract class BlobStoreContract {
    abstract ImageStore store();

    /** Makes the partial ingest of {@code d} look untouched for longer than a collection keeps one. */
    abstract void makeIngestStale(Digest d) throws IOException;

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(ImageStore store, Digest d) throws IOException {
        try (InputStream in = store.openBlob(d)) {
            return in.readAllBytes();
        }
    }

    @Test
    void storedBlobReadsBackWithItsSize() throws IOException {
        byte[] content = bytes(300_000, 1);
        Digest d = Digest.sha256(content);
        store().putBlob(d, content.length, new ByteArrayInputStream(content));
        assertTrue(store().hasBlob(d));
        assertEquals(OptionalLong.of(content.length), store().blobSize(d));
        assertArrayEquals(content, read(store(), d));
    }

    @Test
    void blobWhoseBytesDoNotMatchItsDigestIsRejectedAndNotKept() {
        byte[] content = bytes(1000, 2);
        Digest claimed = Digest.sha256(bytes(1000, 3));
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> store().putBlob(claimed, content.length, new ByteArrayInputStream(content)));
        assertEquals(claimed, e.expected());
        assertFalse(store().hasBlob(claimed));
        try (BlobIngest again = store().ingest(claimed, content.length)) {
            assertEquals(0, again.offset(), "rejected bytes are not kept for resuming");
        }
    }

    @Test
    void blobShorterThanAnnouncedIsRejected() {
        byte[] content = bytes(1000, 4);
        Digest d = Digest.sha256(content);
        assertThrows(DigestMismatchException.class,
                () -> store().putBlob(d, content.length + 1, new ByteArrayInputStream(content)));
        assertFalse(store().hasBlob(d));
    }

    @Test
    void blobLongerThanAnnouncedIsRejectedWithoutReadingOnForever() {
        Digest d = Digest.sha256(bytes(10, 5));
        Endless source = new Endless();
        assertThrows(DigestMismatchException.class, () -> store().putBlob(d, 10, source));
        assertTrue(source.served <= 1 << 20, "read " + source.served + " bytes of a blob announced as 10");
        assertFalse(store().hasBlob(d));
    }

    /**
     * Serves bytes for as long as it is read, up to {@link #CAP} so that a store that reads on
     * fails the test instead of hanging it.
     */
    static final class Endless extends InputStream {
        static final long CAP = 64L << 20;
        long served;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= CAP) {
                return -1;
            }
            int n = (int) Math.min(len, CAP - served);
            Arrays.fill(b, off, off + n, (byte) served);
            served += n;
            return n;
        }
    }

    @Test
    void missingBlobCannotBeOpened() {
        Digest d = Digest.sha256(bytes(10, 6));
        assertThrows(BlobNotFoundException.class, () -> store().openBlob(d));
        assertEquals(OptionalLong.empty(), store().blobSize(d));
    }

    @Test
    void storingAPresentBlobAgainDoesNotReadTheStream() {
        byte[] content = bytes(100, 7);
        Digest d = Digest.sha256(content);
        store().putBlob(d, content.length, new ByteArrayInputStream(content));
        store().putBlob(d, content.length, new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the stream of a stored blob must not be read");
            }
        });
        assertTrue(store().hasBlob(d));
    }

    @Test
    void interruptedIngestResumesFromWhereItStopped() throws IOException {
        byte[] content = bytes(200_000, 8);
        Digest d = Digest.sha256(content);
        try (BlobIngest ingest = store().ingest(d, content.length)) {
            assertEquals(0, ingest.offset());
            assertThrows(UncheckedIOException.class, () -> ingest.append(failingAfter(content, 70_000)));
        }
        assertFalse(store().hasBlob(d), "a partial blob is never visible");
        try (BlobIngest ingest = store().ingest(d, content.length)) {
            assertEquals(70_000, ingest.offset());
            ingest.append(new ByteArrayInputStream(content, 70_000, content.length - 70_000));
            ingest.commit();
        }
        assertArrayEquals(content, read(store(), d));
    }

    @Test
    void resumedIngestShowsTheBytesReceivedSoFarAndKeepsAppendingAfterThem() throws IOException {
        byte[] content = bytes(150_000, 10);
        Digest d = Digest.sha256(content);
        try (BlobIngest ingest = store().ingest(d, content.length)) {
            ingest.append(new ByteArrayInputStream(content, 0, 90_000));
        }
        try (BlobIngest ingest = store().ingest(d, content.length)) {
            try (InputStream received = ingest.openReceived()) {
                assertArrayEquals(Arrays.copyOf(content, 90_000), received.readAllBytes());
            }
            ingest.append(new ByteArrayInputStream(content, 90_000, content.length - 90_000));
            ingest.commit();
        }
        assertArrayEquals(content, read(store(), d));
    }

    @Test
    void gcKeepsARecentPartialIngestForResumingAndRemovesAStaleOne() throws IOException {
        byte[] content = bytes(10_000, 24);
        Digest d = Digest.sha256(content);
        try (BlobIngest ingest = store().ingest(d, content.length)) {
            ingest.append(new ByteArrayInputStream(content, 0, 4000));
        }
        assertEquals(0, store().gc().removedIngests());
        makeIngestStale(d);
        assertEquals(4000, store().gc().bytesFreed());
        try (BlobIngest ingest = store().ingest(d, content.length)) {
            assertEquals(0, ingest.offset(), "the stale partial ingest is gone");
        }
    }

    @Test
    void gcWithALimitRemovesPartialDownloadsLastWrittenBeforeItAndNamesThem() throws IOException {
        byte[] content = bytes(10_000, 25);
        Digest d = Digest.sha256(content);
        try (BlobIngest ingest = store().ingest(d, content.length)) {
            ingest.append(new ByteArrayInputStream(content, 0, 3000));
        }
        GcReport kept = store().gc(Instant.now().minusSeconds(60));
        GcReport removed = store().gc(Instant.MAX);

        assertEquals(List.of(), kept.removedPartialDownloads());
        assertEquals(List.of(d), removed.removedPartialDownloads());
        assertEquals(3000, removed.bytesFreed());
    }

    @Test
    void diskUsageCountsPartialDownloadsAndThoseBeingWritten() {
        byte[] first = bytes(10_000, 26);
        byte[] second = bytes(10_000, 27);
        try (BlobIngest ingest = store().ingest(Digest.sha256(first), first.length)) {
            ingest.append(new ByteArrayInputStream(first, 0, 1000));
        }
        try (BlobIngest writing = store().ingest(Digest.sha256(second), second.length)) {
            writing.append(new ByteArrayInputStream(second, 0, 2500));

            assertEquals(new PartialDownloadUsage(2, 1, 3500, 2500), store().diskUsage().partialDownloads());
            assertEquals(List.of(Digest.sha256(first)), store().gc(Instant.MAX).removedPartialDownloads(),
                    "the one being written stays");
        }
    }

    static InputStream failingAfter(byte[] content, int n) {
        return new InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                if (pos == n) {
                    throw new IOException("connection reset");
                }
                return content[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == n) {
                    throw new IOException("connection reset");
                }
                int k = Math.min(len, n - pos);
                System.arraycopy(content, pos, b, off, k);
                pos += k;
                return k;
            }
        };
    }

    @Test
    void ingestOfAStoredBlobIsComplete() {
        byte[] content = bytes(10, 9);
        Digest d = Digest.sha256(content);
        store().putBlob(d, content.length, new ByteArrayInputStream(content));
        try (BlobIngest ingest = store().ingest(d, content.length)) {
            assertTrue(ingest.isComplete());
            assertEquals(content.length, ingest.offset());
        }
    }

    @Test
    void blobWriterStoresUnderTheDigestOfWhatWasWritten() throws IOException {
        byte[] content = bytes(70_000, 10);
        Digest d;
        try (BlobWriter w = store().newBlob()) {
            w.write(content);
            assertEquals(content.length, w.size());
            d = w.commit();
        }
        assertEquals(Digest.sha256(content), d);
        assertArrayEquals(content, read(store(), d));
    }

    @Test
    void blobWriterClosedWithoutCommitStoresNothing() throws IOException {
        byte[] content = bytes(100, 11);
        try (BlobWriter w = store().newBlob()) {
            w.write(content);
        }
        assertFalse(store().hasBlob(Digest.sha256(content)));
    }

    @Test
    void gcDeletesUnreferencedBlobsAndReportsTheBytesFreed() {
        byte[] a = bytes(1234, 12);
        byte[] b = bytes(4321, 13);
        store().putBlob(Digest.sha256(a), a.length, new ByteArrayInputStream(a));
        store().putBlob(Digest.sha256(b), b.length, new ByteArrayInputStream(b));
        GcReport r = store().gc();
        assertEquals(a.length + b.length, r.bytesFreed());
        assertEquals(2, r.removedBlobs().size());
        assertFalse(store().hasBlob(Digest.sha256(a)));
    }

    @Test
    void blobWrittenUnderAnOpenLeaseSurvivesGcUntilTheLeaseCloses() {
        byte[] a = bytes(500, 14);
        Digest d = Digest.sha256(a);
        try (Lease lease = store().lease()) {
            store().putBlob(d, a.length, new ByteArrayInputStream(a));
            assertTrue(store().leasedDigests().contains(d));
            assertEquals(0, store().gc().removedBlobs().size());
            assertTrue(store().hasBlob(d));
        }
        store().gc();
        assertFalse(store().hasBlob(d));
    }

    @Test
    void leaseProtectsABlobThatWasAlreadyStored() {
        byte[] a = bytes(500, 15);
        Digest d = Digest.sha256(a);
        store().putBlob(d, a.length, new ByteArrayInputStream(a));
        try (Lease lease = store().lease()) {
            lease.protect(d);
            store().gc();
            assertTrue(store().hasBlob(d));
        }
    }
}
