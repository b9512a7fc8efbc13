package dev.stowage.store;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.StowageException;
import dev.stowage.core.image.ImageNames;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.BlobLocations;
import dev.stowage.core.spi.BlobWriter;
import dev.stowage.core.spi.DeleteResult;
import dev.stowage.core.spi.DiskUsage;
import dev.stowage.core.spi.GcReport;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.spi.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An image store over its parts, written once for every store: an implementation supplies blob
 * storage, leases, a lock, and the reading and writing of the index and metadata. Here: verified
 * blobs, tagging, and applying docker's naming and {@code rmi} rules ({@link ImageNames}, in core)
 * to the index under the lock; collection ({@link GarbageCollector}), disk usage
 * ({@link DiskUsageCalculator}) and verification ({@link StoreVerifier}) are classes of their own.
 */
abstract class StoreEngine implements ImageStore {
    final BlobStorage blobs;
    final LeaseRegistry leases;
    final StoreLock lock;
    final Clock clock;
    private final BlobStorage.Publisher publisher;
    private final BlobLocations locations = new MetadataBlobLocations();
    private final VerifyingBlobStream.Progress readProgress = new VerifyingBlobStream.Progress();
    private final GarbageCollector collector = new GarbageCollector(this);
    private final DiskUsageCalculator usage = new DiskUsageCalculator(this);
    private final StoreVerifier verifier = new StoreVerifier(this);

    StoreEngine(BlobStorage blobs, LeaseRegistry leases, StoreLock lock, Clock clock) {
        this.blobs = blobs;
        this.leases = leases;
        this.lock = lock;
        this.clock = clock;
        this.publisher = new BlobStorage.Publisher() {
            @Override
            public void publish(Digest digest, BlobStorage.IoAction makeVisible) {
                lock.run(() -> {
                    makeVisible.run();
                    leases.written(digest);
                });
            }

            @Override
            public boolean protectIfStored(Digest digest) {
                return lock.call(() -> {
                    if (!blobs.has(digest)) {
                        return false;
                    }
                    leases.written(digest);
                    return true;
                });
            }
        };
    }

    /** The current index; called with or without the lock (the index is replaced atomically). */
    abstract LayoutIndex readIndex();

    /** Replaces the index; called under the lock. */
    abstract void writeIndex(LayoutIndex index);

    /** The current metadata; empty if there is none or it cannot be read. */
    abstract StoreMetadata readMetadata();

    /** Whether metadata exists but cannot be read. */
    abstract boolean metadataUnreadable();

    /** Replaces the metadata; called under the lock. */
    abstract void writeMetadata(StoreMetadata metadata);

    /** Removes temporary files left by writers that died; called under the lock. Returns how many. */
    abstract int removeTemporaries();

    // ---- blobs

    @Override
    public boolean hasBlob(Digest digest) {
        return blobs.has(digest);
    }

    @Override
    public OptionalLong blobSize(Digest digest) {
        return blobs.size(digest);
    }

    /**
     * {@inheritDoc} The stream checks the blob against its digest when read to its end from its
     * first byte, or from where an earlier stream of it stopped (a chunked upload): content changed
     * since it was stored fails with {@link dev.stowage.core.model.DigestMismatchException} before
     * the last bytes are returned.
     */
    @Override
    public InputStream openBlob(Digest digest) {
        InputStream in = blobs.open(digest);
        return digest.isVerifiable()
                ? new VerifyingBlobStream(in, digest, blobs.size(digest).orElse(-1), readProgress) : in;
    }

    @Override
    public void putBlob(Digest digest, long size, InputStream content) {
        try (BlobIngest ingest = ingest(digest, size)) {
            if (!ingest.isComplete()) {
                ingest.restart();
                ingest.append(content);
                ingest.commit();
            }
        }
    }

    @Override
    public BlobIngest ingest(Digest digest, long size) {
        return blobs.ingest(digest, size, publisher);
    }

    @Override
    public BlobWriter newBlob() {
        return blobs.writer(publisher);
    }

    /** Reads a stored blob that may be a manifest; empty if absent or larger than any manifest may be. */
    Optional<byte[]> manifestBytes(Digest digest) {
        OptionalLong size = blobs.size(digest);
        if (size.isEmpty() || size.getAsLong() > ManifestDocument.MAX_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = blobs.open(digest)) {
            return Optional.of(in.readNBytes(ManifestDocument.MAX_BYTES + 1));
        } catch (dev.stowage.core.BlobNotFoundException raced) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest + ": " + e.getMessage(), e);
        }
    }

    // ---- manifests and images

    @Override
    public Digest putManifest(byte[] raw, String mediaType) {
        ManifestDocument doc = ManifestDocument.parse(raw, mediaType);
        putBlob(doc.digest(), raw.length, new java.io.ByteArrayInputStream(raw));
        return doc.digest();
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        byte[] raw = manifestBytes(digest).orElseThrow(() -> new BlobNotFoundException(digest));
        if (digest.isVerifiable()) {
            digest.verify(raw); // changed on disk since it was stored: never handed on (pushed) as this digest
        }
        return ManifestDocument.parse(raw, null);
    }

    /** The media type of a stored, complete image; refuses what cannot be an image yet. */
    private String requireComplete(Digest manifest) {
        ManifestDocument doc = manifest(manifest);
        if (doc instanceof ImageManifest m) {
            for (Descriptor d : concat(m.config(), m.layers())) {
                if (!blobs.has(d.digest())) {
                    throw new StowageException("image " + manifest + " is incomplete: blob " + d.digest()
                            + " it references is not stored; store its blobs before recording the image");
                }
            }
        }
        return doc.mediaType();
    }

    private static List<Descriptor> concat(Descriptor first, List<Descriptor> rest) {
        List<Descriptor> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    @Override
    public void tag(Digest manifest, ImageReference reference) {
        if (reference.digest().isPresent() && !reference.digest().get().equals(manifest)) {
            throw new IllegalArgumentException("reference " + reference + " pins digest " + reference.digest().get()
                    + " but the image's manifest digest is " + manifest);
        }
        String name = ImageNames.storedName(reference);
        boolean tagged = reference.digest().isEmpty();
        lock.run(() -> {
            // Checked under the lock: a collection in another process cannot remove a blob in between.
            String mediaType = requireComplete(manifest);
            long size = blobs.size(manifest).orElseThrow(() -> new BlobNotFoundException(manifest));
            LayoutIndex index = readIndex();
            Optional<LayoutIndex.Entry> old = index.byRefName(name);
            if (old.isPresent() && old.get().digest().equals(manifest)) {
                recordFacts(manifest, tagged);
                return;
            }
            LayoutIndex next = index.without(e -> e.refName().filter(name::equals).isPresent()
                    || e.digest().equals(manifest) && e.refName().isEmpty());
            if (old.isPresent() && next.entries().stream().noneMatch(e -> e.digest().equals(old.get().digest()))) {
                next = next.plus(old.get().withRefName(null)); // the image the tag left stays, untagged
            }
            writeIndex(next.plus(LayoutIndex.Entry.of(manifest, mediaType, size, name)));
            recordFacts(manifest, tagged);
        });
    }

    @Override
    public void addUntagged(Digest manifest) {
        lock.run(() -> {
            String mediaType = requireComplete(manifest);
            long size = blobs.size(manifest).orElseThrow(() -> new BlobNotFoundException(manifest));
            LayoutIndex index = readIndex();
            if (index.entries().stream().noneMatch(e -> e.digest().equals(manifest))) {
                writeIndex(index.plus(LayoutIndex.Entry.of(manifest, mediaType, size, null)));
            }
            recordFacts(manifest, false);
        });
    }

    /** Under the lock: the image's stored time if new, and its last-tagged time. */
    private void recordFacts(Digest manifest, boolean tagged) {
        StoreMetadata md = readMetadata();
        Instant now = clock.instant();
        StoreMetadata.Facts facts = md.facts(manifest)
                .orElse(new StoreMetadata.Facts(now, Optional.empty(), Optional.empty()));
        writeMetadata(md.withFacts(manifest, tagged ? facts.tagged(now) : facts));
    }

    @Override
    public boolean untag(ImageReference reference) {
        return lock.call(() -> {
            LayoutIndex index = readIndex();
            Optional<LayoutIndex.Entry> entry = index.byRefName(ImageNames.storedName(reference));
            if (entry.isEmpty()) {
                return false;
            }
            LayoutIndex next = index.without(e -> e == entry.get());
            if (next.entries().stream().noneMatch(e -> e.digest().equals(entry.get().digest()))) {
                next = next.plus(entry.get().withRefName(null));
            }
            writeIndex(next);
            return true;
        });
    }

    @Override
    public List<ImageRecord> images() {
        return new ImageRecords(this).all(readIndex(), readMetadata());
    }

    @Override
    public Optional<ImageRecord> resolve(ImageReference reference) {
        LayoutIndex index = readIndex();
        ImageRecords records = new ImageRecords(this);
        return ImageNames.resolve(new IndexNames(index, records), reference)
                .flatMap(d -> records.of(index, d, readMetadata()));
    }

    @Override
    public Optional<ImageRecord> resolve(String nameOrId) {
        LayoutIndex index = readIndex();
        ImageRecords records = new ImageRecords(this);
        return ImageNames.resolve(new IndexNames(index, records), nameOrId)
                .flatMap(d -> records.of(index, d, readMetadata()));
    }

    /** {@inheritDoc} Decided by {@link ImageNames#deletion} and written in one step under the lock. */
    @Override
    public DeleteResult delete(String nameOrId, boolean force) {
        return lock.call(() -> {
            LayoutIndex index = readIndex();
            ImageNames.Deletion deletion = ImageNames.deletion(new IndexNames(index, new ImageRecords(this)), nameOrId, force);
            LayoutIndex next = index.without(deletion);
            writeIndex(next);
            collector.forgetRemoved(next);
            return deletion.result();
        });
    }

    /**
     * {@inheritDoc} The choice, each {@link ImageNames#deletion} and the one index write happen
     * under the lock, where no tag, pull or lease of another process can come in between.
     */
    @Override
    public List<DeleteResult> deleteChosen(ImageChoice choice) {
        return lock.call(() -> {
            LayoutIndex index = readIndex();
            ImageRecords records = new ImageRecords(this);
            List<DeleteResult> results = new ArrayList<>();
            LayoutIndex next = index;
            for (Digest image : choice.choose(records.all(index, readMetadata()), leases.live())) {
                ImageNames.Deletion deletion;
                try {
                    deletion = ImageNames.deletion(new IndexNames(next, records), image.toString(), true);
                } catch (ImageNotFoundException goneWithAnEarlierOne) {
                    continue;
                }
                next = next.without(deletion);
                results.add(deletion.result());
            }
            if (!results.isEmpty()) {
                writeIndex(next);
                collector.forgetRemoved(next);
            }
            return results;
        });
    }

    @Override
    public void markUsed(Digest manifest) {
        lock.run(() -> {
            StoreMetadata md = readMetadata();
            if (readIndex().entries().stream().anyMatch(e -> e.digest().equals(manifest))) {
                Instant now = clock.instant();
                StoreMetadata.Facts facts = md.facts(manifest).orElse(new StoreMetadata.Facts(
                        blobs.storedAt(manifest).orElse(now), Optional.empty(), Optional.empty()));
                writeMetadata(md.withFacts(manifest, facts.used(now)));
            }
        });
    }

    @Override
    public BlobLocations blobLocations() {
        return locations;
    }

    /** Kept in the store's metadata, so what one process learnt serves the next. */
    private final class MetadataBlobLocations implements BlobLocations {
        @Override
        public void record(Collection<Digest> blobs, BlobLocation location) {
            lock.run(() -> {
                StoreMetadata md = readMetadata();
                StoreMetadata next = md;
                for (Digest blob : blobs) {
                    if (!next.sources(blob).contains(location)) {
                        next = next.withSource(blob, location);
                    }
                }
                if (next != md) {
                    writeMetadata(next);
                }
            });
        }

        @Override
        public Set<BlobLocation> of(Digest blob) {
            return readMetadata().sources(blob);
        }
    }

    @Override
    public Optional<byte[]> buildCache(Digest key) {
        return readMetadata().cached(key).filter(e -> e.blobs().stream().allMatch(blobs::has))
                .map(StoreMetadata.CacheEntry::value);
    }

    @Override
    public void putBuildCache(Digest key, byte[] value, Set<Digest> dependsOn) {
        ImageStore.super.putBuildCache(key, value, dependsOn);
        lock.run(() -> {
            // under the lock a collection cannot remove a blob between this check and the write
            if (dependsOn.stream().allMatch(blobs::has)) {
                writeMetadata(readMetadata().withCached(key,
                        new StoreMetadata.CacheEntry(value, dependsOn, clock.instant())));
            }
        });
    }

    // ---- leases, collection, usage, verification

    @Override
    public Lease lease() {
        return leases.open();
    }

    @Override
    public Set<Digest> leasedDigests() {
        return lock.call(leases::live);
    }

    @Override
    public GcReport gc() {
        return gc(clock.instant().minus(PARTIAL_DOWNLOAD_KEPT));
    }

    @Override
    public GcReport gc(Instant partialDownloadsBefore) {
        return collector.collect(partialDownloadsBefore);
    }

    @Override
    public int removeUnreferenced(Collection<Digest> digests) {
        return collector.removeUnreferenced(digests);
    }

    @Override
    public DiskUsage diskUsage() {
        return usage.calculate();
    }

    @Override
    public VerifyReport verify(boolean repair) {
        return verifier.verify(repair);
    }
}
