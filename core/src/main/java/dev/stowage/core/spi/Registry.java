package dev.stowage.core.spi;

import dev.stowage.core.Credential;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Remote operations on OCI distribution registries, one protocol step per method; the
 * orchestration of pull, push and copy lives in {@code dev.stowage.core.transfer.ImageCopier}. A repository is named by an
 * {@link ImageReference} whose tag and digest are ignored where only the repository matters.
 * Implementations are thread-safe; one serves a whole application.
 *
 * <p>Failures are {@link dev.stowage.core.RegistryException}s ({@code UnauthorizedException},
 * {@code NotFoundException}, …) or {@link dev.stowage.core.model.DigestMismatchException}.
 *
 * <pre>{@code
 * ManifestHead head = registry.checkManifest(ref).orElseThrow();
 * RemoteManifest m = registry.fetchManifest(ref.withDigest(head.digest()));
 * try (InputStream in = registry.openBlob(ref, layer, 0, listener)) {
 *     in.transferTo(out);
 * }
 * }</pre>
 */
public interface Registry extends AutoCloseable {
    /** {@code HEAD} on a manifest by tag or digest; empty when the registry has none. */
    Optional<ManifestHead> checkManifest(ImageReference reference);

    /** The manifest or index a tag or digest names, verified against its digest. */
    RemoteManifest fetchManifest(ImageReference reference);

    /**
     * Stores a manifest under the reference's tag, or by its digest when the reference has none.
     *
     * @return the digest of {@code raw}
     */
    Digest pushManifest(ImageReference reference, byte[] raw, String mediaType);

    /** Deletes the manifest a digest names (or a tag points at), with every tag on it. */
    void deleteManifest(ImageReference reference);

    /** The blob's size, or empty when the repository does not have it. */
    OptionalLong checkBlob(ImageReference repository, Digest digest);

    /**
     * Opens a blob for reading from {@code offset}: the stream yields its bytes from there to its
     * end and refuses to yield more than {@code blob.size()} in all. A connection that breaks is
     * resumed inside the stream with {@code Range} from the bytes already read. The digest is not
     * checked here: whoever makes the bytes visible verifies them (a store's ingest does).
     *
     * @throws dev.stowage.core.NotFoundException if the repository has no such blob
     */
    InputStream openBlob(ImageReference repository, Descriptor blob, long offset, ProgressListener progress);

    /**
     * Puts a blob into a repository: mounted from {@code mountFrom} (a repository on the same
     * registry known to hold it) when given and allowed, else uploaded from {@code source}.
     */
    BlobPush pushBlob(ImageReference repository, Descriptor blob, BlobContent source, Optional<String> mountFrom,
            ProgressListener progress);

    /** Deletes a blob from a repository (registries allow it only when configured to). */
    void deleteBlob(ImageReference repository, Digest digest);

    /** Every tag of a repository, all pages. */
    List<String> listTags(ImageReference repository);

    /** Every repository of a registry ({@code host[:port]}), all pages. */
    List<String> catalog(String registry);

    /** Manifests whose {@code subject} is {@code digest}, optionally of one artifact type. */
    List<Descriptor> referrers(ImageReference repository, Digest digest, Optional<String> artifactType);

    /**
     * Checks a credential against a registry without storing it: {@code stowage login}'s test.
     *
     * @throws dev.stowage.core.UnauthorizedException if the registry rejects it
     */
    void checkCredential(String registry, Credential credential);

    /**
     * This registry reporting every retry of every request to {@code listener}
     * ({@link dev.stowage.core.ProgressEvent.Retrying}), requests that take no listener included
     * (manifest checks, manifest pushes…): what a copy uses, so that its listener hears of every
     * retry. Implementations without retries return themselves.
     */
    default Registry withProgress(ProgressListener listener) {
        return this;
    }

    /**
     * Releases the connections and threads the client holds, once the application is done with
     * it; nothing may be called after. Implementations without such resources need not override it.
     */
    @Override
    default void close() {
    }
}
