package dev.stowage.core.spi;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import java.util.Optional;

/**
 * Where a copy writes one image: a tag in a registry repository, names in the local store, a name
 * in an OCI layout directory or an archive. The copier ({@code dev.stowage.core.transfer.ImageCopier})
 * decides per blob whether to skip, reuse, mount or transfer it, writes child manifests before
 * their index, and commits the names last, once everything they refer to is in.
 *
 * <p>Implementations: {@code StoreDestination} and {@code RegistryDestination} in
 * {@code dev.stowage.core.transfer}; OCI layout directories and archives in their modules.
 */
public interface ImageDestination extends AutoCloseable {
    /** What is written, for messages and progress. */
    String description();

    /**
     * The registry repository written to: a blob known to be in another repository of the same
     * registry is mounted from there, and every blob copied is known to be here afterwards. Empty
     * for destinations that are not a registry.
     */
    default Optional<BlobLocation> location() {
        return Optional.empty();
    }

    /**
     * The digest the destination's name points at now, when it is cheap to learn (one
     * {@code HEAD}): when it is the source's, the destination holds the image already and nothing
     * moves. Empty when unknown or when checking blob by blob costs as little.
     */
    default Optional<Digest> currentDigest() {
        return Optional.empty();
    }

    /** A manifest the destination holds already, so that the source need not be asked for it. */
    default Optional<ManifestDocument> storedManifest(Digest digest) {
        return Optional.empty();
    }

    /**
     * Whether an index may be kept with only some of its platform manifests (a store does, as
     * {@code docker pull --platform}); otherwise copying one platform of an index copies that
     * platform's manifest as the image.
     */
    default boolean keepsPartialIndexes() {
        return false;
    }

    /**
     * Whether blobs must come one at a time, in the order the image's manifests list them: a
     * destination that writes one stream (an archive) says so, and the copier then moves one blob
     * after another instead of several at once, so the same image always makes the same bytes.
     */
    default boolean writesInOrder() {
        return false;
    }

    /** Whether the destination has the blob already. */
    boolean hasBlob(Descriptor blob);

    /**
     * Puts a blob: mounted from {@code mountFrom} (another repository of this destination's
     * registry) when given and the registry agrees, else written from {@code content}, opened at
     * the offset the destination needs (a partial write left by an earlier attempt continues).
     * Digest and size are verified before the blob is visible.
     *
     * @return what happened to it
     * @throws dev.stowage.core.model.DigestMismatchException if the content does not match the descriptor
     */
    PutResult putBlob(Descriptor blob, BlobContent content, Optional<BlobLocation> mountFrom);

    /** Stores a child manifest of an index by its digest, without a name. */
    void putManifest(ManifestDocument manifest);

    /**
     * Stores the image's top manifest or index and writes the destination's names for it: the
     * last step of a copy, so a name never points at an incomplete image.
     */
    void commit(ManifestDocument top);

    /** What {@link #putBlob} did with a blob. */
    enum PutResult {
        /** Its bytes were read from the content and written. */
        WRITTEN,
        /** The registry mounted it from the repository given; no byte was read. */
        MOUNTED,
        /** It turned out to be there already (another process stored it meanwhile); no byte was read. */
        PRESENT
    }

    /** Releases what the destination holds (a lease on the store, an open archive). */
    @Override
    default void close() {
    }
}
