package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobLocations;
import dev.stowage.core.spi.BlobWriter;
import dev.stowage.core.spi.DeleteResult;
import dev.stowage.core.spi.DiskUsage;
import dev.stowage.core.spi.GcReport;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.spi.VerifyReport;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An {@link ImageManager}'s store as its requests see it: every call first checks that the manager
 * is open, so a request made before {@code close()} and run after it fails with
 * {@link IllegalStateException} instead of working on a closed store (a file store keeps
 * answering reads after it is closed, which made the misuse silent).
 */
final class ManagedStore implements ImageStore {
    private final ImageStore store;
    private final Runnable ensureOpen;

    ManagedStore(ImageStore store, Runnable ensureOpen) {
        this.store = store;
        this.ensureOpen = ensureOpen;
    }

    private ImageStore open() {
        ensureOpen.run();
        return store;
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return open().hasBlob(digest);
    }

    @Override
    public OptionalLong blobSize(Digest digest) {
        return open().blobSize(digest);
    }

    @Override
    public InputStream openBlob(Digest digest) {
        return open().openBlob(digest);
    }

    @Override
    public void putBlob(Digest digest, long size, InputStream content) {
        open().putBlob(digest, size, content);
    }

    @Override
    public BlobIngest ingest(Digest digest, long size) {
        return open().ingest(digest, size);
    }

    @Override
    public BlobWriter newBlob() {
        return open().newBlob();
    }

    @Override
    public Digest putManifest(byte[] raw, String mediaType) {
        return open().putManifest(raw, mediaType);
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        return open().manifest(digest);
    }

    @Override
    public void tag(Digest manifest, ImageReference reference) {
        open().tag(manifest, reference);
    }

    @Override
    public void addUntagged(Digest manifest) {
        open().addUntagged(manifest);
    }

    @Override
    public boolean untag(ImageReference reference) {
        return open().untag(reference);
    }

    @Override
    public Optional<ImageRecord> resolve(String nameOrId) {
        return open().resolve(nameOrId);
    }

    @Override
    public Optional<ImageRecord> resolve(ImageReference reference) {
        return open().resolve(reference);
    }

    @Override
    public List<ImageRecord> images() {
        return open().images();
    }

    @Override
    public DeleteResult delete(String nameOrId, boolean force) {
        return open().delete(nameOrId, force);
    }

    @Override
    public List<DeleteResult> deleteChosen(ImageChoice choice) {
        return open().deleteChosen(choice);
    }

    @Override
    public void markUsed(Digest manifest) {
        open().markUsed(manifest);
    }

    @Override
    public Optional<byte[]> buildCache(Digest key) {
        return open().buildCache(key);
    }

    @Override
    public void putBuildCache(Digest key, byte[] value, Set<Digest> blobs) {
        open().putBuildCache(key, value, blobs);
    }

    @Override
    public BlobLocations blobLocations() {
        return open().blobLocations();
    }

    @Override
    public Lease lease() {
        return open().lease();
    }

    @Override
    public Set<Digest> leasedDigests() {
        return open().leasedDigests();
    }

    @Override
    public int removeUnreferenced(Collection<Digest> digests) {
        return open().removeUnreferenced(digests);
    }

    @Override
    public Optional<Path> temporaryDirectory() {
        return open().temporaryDirectory();
    }

    @Override
    public GcReport gc() {
        return open().gc();
    }

    @Override
    public GcReport gc(Instant partialDownloadsBefore) {
        return open().gc(partialDownloadsBefore);
    }

    @Override
    public DiskUsage diskUsage() {
        return open().diskUsage();
    }

    @Override
    public VerifyReport verify(boolean repair) {
        return open().verify(repair);
    }

    /** The manager closes the store it manages; a request never does. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("the manager's store is closed by ImageManager.close()");
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
