package dev.stowage.core.spi;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.ImageConflictException;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
     * Opens a stored blob for reading. The stream checks the bytes against the digest as they
     * are read and fails at the end when they do not match (content changed on disk since it was
     * stored never passes as the blob).
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

    /**
     * Stores a manifest or index exactly as given (its digest is computed over these bytes).
     * The blobs it references need not be stored yet.
     *
     * @param mediaType the type it was served with, or null to detect it
     * @return the manifest's digest
     * @throws dev.stowage.core.model.InvalidManifestException if it is not a valid manifest or index
     */
    Digest putManifest(byte[] raw, String mediaType);

    /**
     * Reads a stored manifest or index.
     *
     * @throws BlobNotFoundException if it is not stored
     */
    ManifestDocument manifest(Digest digest);

    /**
     * Points {@code reference} at the stored image {@code manifest}, moving it atomically if it
     * pointed elsewhere (the image it leaves keeps an untagged entry if that was its last
     * reference). A reference without tag or digest gets tag {@code latest}; a digest
     * reference must pin {@code manifest} itself.
     *
     * @throws dev.stowage.core.StowageException if the manifest, its config or a layer is not stored
     */
    void tag(Digest manifest, ImageReference reference);

    /** Records the stored image {@code manifest} without a reference (dangling), unless it is already in the index. */
    void addUntagged(Digest manifest);

    /**
     * Removes a reference; the image stays, untagged, if it was its last one.
     *
     * @return whether the reference existed
     */
    boolean untag(ImageReference reference);

    /**
     * Finds an image as docker does: by reference ({@code nginx} means {@code nginx:latest}),
     * by manifest digest, by image ID ({@code sha256:…} or its hex), or by a unique ID prefix.
     * {@link dev.stowage.core.image.ImageNames#resolve(dev.stowage.core.image.ImageNames.View, String)}
     * holds these rules for any store.
     *
     * @throws ImageConflictException if an ID prefix matches several images
     */
    Optional<ImageRecord> resolve(String nameOrId);

    /**
     * Finds an image by reference: the name it was tagged under ({@code latest} when the reference
     * has neither tag nor digest), or for a digest reference the image with that manifest digest.
     */
    Optional<ImageRecord> resolve(ImageReference reference);

    /** Every image in the index, each once with all its references. */
    List<ImageRecord> images();

    /**
     * Removes images with docker {@code rmi} semantics: a reference is untagged, and the image is
     * deleted when its last tag goes; by ID, every reference goes with it, but an image tagged in
     * several repositories needs {@code force}. The decision is
     * {@link dev.stowage.core.image.ImageNames#deletion}'s; a store applies it in
     * one step under its lock.
     *
     * @throws ImageNotFoundException if nothing matches
     * @throws ImageConflictException if the delete needs {@code force}, or an ID prefix is ambiguous
     */
    DeleteResult delete(String nameOrId, boolean force);

    /**
     * Deletes, each with every name it has, the images {@code choice} picks, deciding and deleting
     * in one step under the store's lock (as docker's daemon holds its image store across a
     * prune): {@code choice} sees the images and the leased digests as they are at that instant,
     * so an image another process names or starts pulling meanwhile is judged as it then is,
     * never deleted on an older look. An image already gone with one deleted before it (same ID)
     * is skipped. The default, for a store without a lock, decides on a look and deletes after it.
     *
     * @return what was untagged and deleted, one result per image deleted, in {@code choice}'s order
     */
    default List<DeleteResult> deleteChosen(ImageChoice choice) {
        List<DeleteResult> results = new java.util.ArrayList<>();
        for (Digest image : choice.choose(images(), leasedDigests())) {
            try {
                results.add(delete(image.toString(), true));
            } catch (ImageNotFoundException goneMeanwhile) {
                // removed with an image deleted before it, or by another process
            }
        }
        return results;
    }

    /** Which images to delete, from every image in the store and the digests live leases protect. */
    @FunctionalInterface
    interface ImageChoice {
        /** The manifest digests of the images to delete; must not call the store. */
        List<Digest> choose(List<ImageRecord> images, Set<Digest> leased);
    }

    /** Records that an image was just used (for "last used" facts and pruning policies). */
    void markUsed(Digest manifest);

    /** Which registry repositories hold which blobs, kept with the store's images. */
    BlobLocations blobLocations();

    /**
     * The value a build remembered under {@code key} with {@link #putBuildCache}, if the store
     * still has it: an entry goes once a blob it depends on is no longer stored. The Dockerfile
     * builder keeps its layer cache here (docker's build cache). The default remembers nothing.
     */
    default Optional<byte[]> buildCache(Digest key) {
        return Optional.empty();
    }

    /**
     * Remembers {@code value} (small: at most {@link #MAX_BUILD_CACHE_VALUE} bytes) under
     * {@code key}, replacing what was there, until one of {@code blobs} is no longer stored. A
     * store may forget entries (the oldest first) to stay small; a build then redoes the work.
     * The default remembers nothing.
     *
     * @throws IllegalArgumentException if the value is too large
     */
    default void putBuildCache(Digest key, byte[] value, Set<Digest> blobs) {
        if (value.length > MAX_BUILD_CACHE_VALUE) {
            throw new IllegalArgumentException("a build cache value holds at most " + MAX_BUILD_CACHE_VALUE
                    + " bytes, got " + value.length);
        }
    }

    /** The largest value {@link #putBuildCache} takes. */
    int MAX_BUILD_CACHE_VALUE = 64 * 1024;

    /** Opens a lease protecting what is written under it from {@link #gc()} until closed. */
    Lease lease();

    /** Every digest protected by a live lease, of this or any other process. */
    Set<Digest> leasedDigests();

    /** How long a partial download nobody writes is kept by {@link #gc()} for a later pull to resume. */
    Duration PARTIAL_DOWNLOAD_KEPT = Duration.ofHours(1);

    /**
     * Deletes every blob not reachable from an image in the index nor protected by a live
     * lease, the leases of processes that ended, and partial downloads nobody is writing that
     * are done or untouched for {@link #PARTIAL_DOWNLOAD_KEPT}.
     */
    default GcReport gc() {
        return gc(Instant.now().minus(PARTIAL_DOWNLOAD_KEPT));
    }

    /**
     * {@link #gc()}, removing the partial downloads nobody is writing that are done or were last
     * written before {@code partialDownloadsBefore} ({@code Instant.MAX}: all of them).
     */
    GcReport gc(Instant partialDownloadsBefore);

    /**
     * Deletes those of {@code digests} (blobs or manifests) that no image in the index reaches and
     * no live lease protects: what a failed operation wrote, taken back at once instead of at the
     * next {@link #gc()}. A load whose archive turns out to lie leaves the store as it found it.
     * The caller closes its own lease first. A store that cannot do this leaves them to {@link #gc()}.
     *
     * @return how many were deleted
     */
    default int removeUnreferenced(Collection<Digest> digests) {
        return 0;
    }

    /**
     * A directory on the store's file system for an operation's temporary files (an archive read
     * from a stream is spooled there), so that they use the space the store uses and a crashed
     * operation's leftovers are swept with the store's own; empty for a store without one (in
     * memory), whose callers then use the system's temporary directory.
     */
    default Optional<Path> temporaryDirectory() {
        return Optional.empty();
    }

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
