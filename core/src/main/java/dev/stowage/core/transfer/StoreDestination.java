package dev.stowage.core.transfer;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.ImageDestination;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Names in the local store. Blobs go through the store's verified, resumable ingest: a blob an
 * interrupted copy left half-written continues from its last byte. Everything written or relied
 * on is protected by a lease until the destination is closed, so a concurrent prune cannot take
 * it before the names that reference it are written. It remembers what it added to the store
 * ({@link #written()}), so that an operation that fails can take that back
 * ({@link ImageStore#removeUnreferenced}).
 */
public final class StoreDestination implements ImageDestination {
    private final ImageStore store;
    private final String description;
    private final Function<Digest, List<ImageReference>> names;
    private final boolean staged;
    private final Lease lease;
    private final Set<Digest> written = ConcurrentHashMap.newKeySet();
    private volatile Digest committed;

    private StoreDestination(ImageStore store, String description, Function<Digest, List<ImageReference>> names,
            boolean staged) {
        this.store = Objects.requireNonNull(store, "store");
        this.description = description;
        this.names = names;
        this.staged = staged;
        this.lease = store.lease();
    }

    /**
     * The names a pull records, as docker does: the repo digest ({@code name@sha256:…}) and, for a
     * pull by tag, the tag.
     */
    public static StoreDestination pulled(ImageStore store, ImageReference reference) {
        return new StoreDestination(store, reference.toString(), digest -> reference.digest().isPresent()
                ? List.of(reference.repoDigest(digest))
                : List.of(reference.repoDigest(digest), reference), false);
    }

    /** The given names (tags); none records the image untagged, as {@code docker load} of an unnamed image. */
    public static StoreDestination named(ImageStore store, List<ImageReference> names) {
        return named(store, names, false);
    }

    /**
     * As {@link #named}, but the copy's commit stores the image without naming it: the names are
     * written by {@link #publish()}. A load of several images publishes them all once every one is
     * in, so that a failure on the last leaves none half-loaded.
     */
    public static StoreDestination staged(ImageStore store, List<ImageReference> names) {
        return named(store, names, true);
    }

    private static StoreDestination named(ImageStore store, List<ImageReference> names, boolean staged) {
        List<ImageReference> copy = List.copyOf(names);
        return new StoreDestination(store, copy.isEmpty() ? "the store (untagged)" : copy.get(0).toString(),
                digest -> copy, staged);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Optional<ManifestDocument> storedManifest(Digest digest) {
        lease.protect(digest);
        return store.hasBlob(digest) ? Optional.of(store.manifest(digest)) : Optional.empty();
    }

    @Override
    public boolean keepsPartialIndexes() {
        return true;
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        lease.protect(blob.digest());
        return store.hasBlob(blob.digest());
    }

    /**
     * Streams the blob into the store, continuing a partial ingest an earlier copy left behind. A
     * continued blob that fails verification is written once more from its first byte: the kept
     * bytes, not the source, may be what was wrong.
     */
    @Override
    public PutResult putBlob(Descriptor blob, BlobContent content, Optional<BlobLocation> mountFrom) {
        Digest digest = blob.digest();
        lease.protect(digest);
        for (int attempt = 1; ; attempt++) {
            long offset = 0;
            try (BlobIngest ingest = store.ingest(digest, blob.size())) {
                if (ingest.isComplete()) {
                    return PutResult.PRESENT; // another copy stored it while this one waited for the ingest
                }
                offset = ingest.offset();
                if (offset < blob.size()) {
                    try (InputStream in = content.open(offset)) {
                        ingest.append(in);
                    }
                }
                ingest.commit();
                written.add(digest);
                return PutResult.WRITTEN;
            } catch (DigestMismatchException e) {
                if (offset == 0 || attempt > 1) {
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read blob " + digest + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void putManifest(ManifestDocument manifest) {
        store(manifest);
    }

    @Override
    public void commit(ManifestDocument top) {
        committed = store(top);
        if (!staged) {
            publish();
        }
    }

    /**
     * Writes the names of the image the copy committed (for a {@linkplain #staged staged}
     * destination; others name it in the commit itself).
     *
     * @throws IllegalStateException if no image was committed
     */
    public void publish() {
        Digest digest = committed;
        if (digest == null) {
            throw new IllegalStateException("nothing was committed to " + description);
        }
        List<ImageReference> references = names.apply(digest);
        if (references.isEmpty()) {
            store.addUntagged(digest);
        }
        for (ImageReference reference : references) {
            store.tag(digest, reference);
        }
    }

    /** The blobs and manifests this destination added to the store (those it found there are not among them). */
    public Set<Digest> written() {
        return Set.copyOf(written);
    }

    private Digest store(ManifestDocument manifest) {
        lease.protect(manifest.digest());
        boolean present = store.hasBlob(manifest.digest());
        Digest digest = store.putManifest(manifest.raw(), manifest.mediaType());
        if (!present) {
            written.add(digest);
        }
        return digest;
    }

    @Override
    public void close() {
        lease.close();
    }
}
