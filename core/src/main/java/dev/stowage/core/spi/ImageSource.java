package dev.stowage.core.spi;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One image to copy from somewhere: a tag or digest in a registry repository, an image in the
 * local store, a name in an OCI layout directory or an archive. The copier
 * ({@code dev.stowage.core.transfer.ImageCopier}) asks it for the digest its reference names, the
 * manifests it needs and the blobs, each at most once per copy; every decision (which platform,
 * which blobs to move) is the copier's.
 *
 * <p>Implementations: {@code StoreSource} and {@code RegistrySource} in
 * {@code dev.stowage.core.transfer}; OCI layout directories and archives in their modules.
 */
public interface ImageSource extends AutoCloseable {
    /** What is read, for messages and progress: {@code 127.0.0.1:5000/app:1}, {@code oci:/tmp/app:1}. */
    String description();

    /**
     * The digest of the manifest or index the source's reference names.
     *
     * @throws dev.stowage.core.NotFoundException if there is no such image
     */
    Digest resolve();

    /**
     * A manifest or index by digest, its bytes exactly as stored or served and verified against
     * {@code digest}.
     *
     * @throws dev.stowage.core.NotFoundException if the source lacks it
     */
    ManifestDocument manifest(Digest digest);

    /**
     * Whether {@link #manifest} would find {@code digest} without fetching it from elsewhere: a
     * store answers for what it holds (an index may have platforms never pulled); a registry has
     * every manifest its indexes name, so the default says yes.
     */
    default boolean hasManifest(Digest digest) {
        return true;
    }

    /**
     * Opens a blob at {@code offset}. The stream yields the blob's bytes from there to its end and
     * never more than {@code blob.size()} in all; a source whose connection can break resumes
     * inside the stream. It need not check the digest: the destination verifies every blob before
     * it becomes visible.
     *
     * @throws dev.stowage.core.NotFoundException if the source lacks the blob
     */
    InputStream openBlob(Descriptor blob, long offset) throws IOException;

    /**
     * Whether the streams {@link #openBlob} returns check the bytes against the blob's digest as
     * they pass and fail, before their end is reported, when they do not match (the store's do):
     * a destination that would digest them only to check them may then leave that out.
     */
    default boolean verifiesBlobs() {
        return false;
    }

    /** The registry repository the blobs come from, which then is known to hold each of them; empty elsewhere. */
    default Optional<BlobLocation> location() {
        return Optional.empty();
    }

    /**
     * The registry repository {@code blob} comes from, for a source whose blobs come from several
     * places (an image built on a base that stays in its registry); {@link #location()} otherwise.
     */
    default Optional<BlobLocation> location(Digest blob) {
        return location();
    }

    /** Releases what the source holds (a lease on the store, an open archive). */
    @Override
    default void close() {
    }
}
