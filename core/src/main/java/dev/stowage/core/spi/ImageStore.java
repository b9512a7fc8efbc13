package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The local image store: content-addressed blobs, manifests, and the images (tagged or not) they
 * form. Implementations: {@code dev.stowage.store.FileImageStore} (an OCI image layout on disk,
 * safe to share between processes) and {@code dev.stowage.store.InMemoryImageStore}.
 *
 * <p>Every blob is verified against its digest (and size, when known) before it becomes visible;
 * a failed write leaves nothing behind. Content not reachable from an image is removed by
 * {@link #gc()} unless a {@link Lease} protects it, so an operation that stores blobs before the
 * image that references them holds a lease:
 *
 * <pre>{@code
 * try (Lease lease = store.lease()) {
 *     store.putBlob(layerDigest, layerSize, layerStream);
 *     store.putBlob(configDigest, configSize, configStream);
 *     Digest manifest = store.putManifest(manifestBytes, mediaType);
 *     store.tag(manifest, ImageReference.parse("registry.example.com/app:1"));
 * }
 * }</pre>
 */
public interface ImageStore extends AutoCloseable {
    /** Whether the blob is stored (complete and verified). */
    boolean hasBlob(Digest digest);

    /** The stored blob's size, or empty if it is not stored. */
    OptionalLong blobSize(Digest digest);

    /**
     * Opens a stored blob for reading.
     *
     * @throws BlobNotFoundException if it is not stored
     */
    InputStream openBlob(Digest digest);

    /**
     * Stores a blob, streaming it from {@code content} (not closed here), and verifying it
     * against {@code digest} and {@code size} (-1 when unknown). Does nothing but consume
     * nothing if the blob is stored already.
     *
     * @throws dev.stowage.core.model.DigestMismatchException if the content does not match; nothing is kept
     */
    void putBlob(Digest digest, long size, InputStream content);

    /**
     * Starts or resumes storing a blob whose digest is known; waits while another thread or
     * process ingests the same digest.
     *
     * @param size the expected size, or -1 when unknown
     */
    BlobIngest ingest(Digest digest, long size);

    /** Starts writing a blob whose digest is computed from what is written (SHA-256). */
    BlobWriter newBlob();

    /** Opens a lease protecting what is written under it from {@link #gc()} until closed. */
    Lease lease();

    /** Every digest protected by a live lease, of this or any other process. */
    Set<Digest> leasedDigests();

    /**
     * Deletes every blob not reachable from an image in the index nor protected by a live
     * lease, and partial downloads nobody is writing that are done or untouched for an hour.
     */
    GcReport gc();

    /** Space used, per image with docker {@code system df -v} semantics. */
    DiskUsage diskUsage();

    /**
     * Checks the store: every blob matches its digest, every blob an image references is
     * present with the size its descriptor gives, every manifest parses, metadata is readable.
     *
     * @param repair also fix what is safe to fix: corrupt blobs are deleted (a pull fetches them
     *     again), unreadable metadata is rebuilt from the layout
     */
    VerifyReport verify(boolean repair);

    /** Releases what this store object holds (its open leases stay valid until closed). */
    @Override
    void close();
}
