package dev.stowage.core;

import dev.stowage.core.image.ImageGraph;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobSource;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.spi.ManifestHead;
import dev.stowage.core.spi.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pulls images from a registry into the store: manifests resolved, missing blobs streamed into
 * the store in parallel and verified, partial blobs of an interrupted pull resumed, each blob's
 * origin recorded, and the image's names written last. Everything runs under one lease, so a
 * concurrent prune cannot take a blob the pull has fetched or relies on.
 */
final class ImagePuller {
    private final ImageStore store;
    private final Registry registry;
    private final int parallelism;
    private final ProgressListener progress;

    ImagePuller(ImageStore store, Registry registry, int parallelism, ProgressListener progress) {
        this.store = store;
        this.registry = registry;
        this.parallelism = parallelism;
        this.progress = progress;
    }

    /** How the platform manifests of an index are chosen. */
    record PlatformChoice(Platform wanted, boolean all) {
    }

    /** What one blob transfer did. */
    private record Fetch(boolean fetched, long bytes) {
        static final Fetch PRESENT = new Fetch(false, 0);
    }

    /**
     * @param references the images to pull, each with a tag or digest
     */
    PullResult pull(List<ImageReference> references, PlatformChoice choice) {
        List<PulledImage> images = new ArrayList<>();
        try (Lease lease = store.lease();
             BlobTransfers<Fetch> transfers = new BlobTransfers<>("pull", parallelism, progress)) {
            for (ImageReference reference : references) {
                images.add(pullOne(reference, choice, lease, transfers));
            }
            List<Fetch> fetches = transfers.awaitAll();
            int fetched = (int) fetches.stream().filter(Fetch::fetched).count();
            long bytes = fetches.stream().mapToLong(Fetch::bytes).sum();
            return new PullResult(images, fetched, fetches.size() - fetched, bytes);
        }
    }

    private PulledImage pullOne(ImageReference reference, PlatformChoice choice, Lease lease,
            BlobTransfers<Fetch> transfers) {
        progress.onEvent(new ProgressEvent.Resolving(reference.toString()));
        ManifestDocument top = resolve(reference, lease);
        List<ManifestDocument> children = new ArrayList<>();
        if (top instanceof ImageIndex index) {
            List<Descriptor> chosen = choice.all() ? index.manifests() : List.of(choose(reference, index, choice.wanted()));
            for (Descriptor child : chosen) {
                children.add(resolve(reference.repoDigest(child.digest()), lease));
            }
        }
        Set<Digest> blobs = new LinkedHashSet<>();
        for (ImageManifest m : ImageGraph.imageManifests(top, children)) {
            for (Descriptor blob : ImageGraph.blobs(m)) {
                blobs.add(blob.digest());
                transfers.submit(blob.digest(), () -> fetch(reference, blob, lease));
            }
        }
        transfers.awaitAll();
        // One metadata write for the whole image, not one per blob.
        store.recordSource(blobs, new BlobSource(reference.registry(), reference.repository()));
        for (ManifestDocument child : children) {
            store.putManifest(child.raw(), child.mediaType());
        }
        Digest digest = store.putManifest(top.raw(), top.mediaType());
        // The names come last: an image is visible only once everything it needs is stored.
        ImageReference repoDigest = reference.repoDigest(digest);
        store.tag(digest, repoDigest);
        if (reference.digest().isEmpty()) {
            store.tag(digest, reference);
        }
        ImageReference recorded = reference.digest().isPresent() ? repoDigest : reference;
        // ID and platform as the store lists the image, which depend on what else of an index it already held.
        ImageRecord image = store.resolve(recorded).orElseThrow(() -> new ImageNotFoundException(recorded.familiar()
                + " (removed from the store while it was being pulled)"));
        return new PulledImage(recorded, digest, image.id(), image.platform());
    }

    /** The manifest or index a reference names: from the store when it holds it, else from the registry. */
    private ManifestDocument resolve(ImageReference reference, Lease lease) {
        Digest digest = reference.digest().orElseGet(() -> registry.checkManifest(reference)
                .map(ManifestHead::digest)
                .orElseThrow(() -> new NotFoundException("manifest unknown: " + reference + " does not exist"
                        + " (check the name and tag)", reference.registry(), 404, "MANIFEST_UNKNOWN")));
        lease.protect(digest);
        if (store.hasBlob(digest)) {
            return store.manifest(digest);
        }
        return registry.fetchManifest(reference.repoDigest(digest)).document();
    }

    private static Descriptor choose(ImageReference reference, ImageIndex index, Platform wanted) {
        return index.manifestFor(wanted).orElseThrow(() -> new PlatformNotFoundException(reference.toString(), wanted,
                index.manifests().stream().map(Descriptor::platform).flatMap(Optional::stream).toList()));
    }

    private Fetch fetch(ImageReference repository, Descriptor blob, Lease lease) {
        Digest digest = blob.digest();
        lease.protect(digest);
        Fetch fetch = store.hasBlob(digest) ? Fetch.PRESENT : download(repository, blob);
        if (!fetch.fetched()) {
            progress.onEvent(new ProgressEvent.Exists(digest));
        }
        return fetch;
    }

    /**
     * Streams a blob into the store, continuing a partial ingest an earlier pull left behind. A
     * continued blob that fails verification is fetched once more from its first byte: the kept
     * bytes, not the registry, may be what was wrong.
     */
    private Fetch download(ImageReference repository, Descriptor blob) {
        Digest digest = blob.digest();
        long size = blob.size();
        for (int attempt = 1; ; attempt++) {
            long offset = 0;
            try (BlobIngest ingest = store.ingest(digest, size)) {
                if (ingest.isComplete()) {
                    return Fetch.PRESENT; // another pull stored it while this one waited
                }
                offset = ingest.offset();
                long received = offset == size ? 0 : receive(repository, blob, ingest, offset);
                ingest.commit();
                return new Fetch(true, received);
            } catch (DigestMismatchException e) {
                if (offset == 0 || attempt > 1) {
                    throw e;
                }
            }
        }
    }

    private long receive(ImageReference repository, Descriptor blob, BlobIngest ingest, long offset) {
        IngestSink sink = new IngestSink(ingest, blob.digest());
        try {
            if (offset == 0) {
                return registry.fetchBlob(repository, blob.digest(), blob.size(), sink, progress);
            }
            try (InputStream prefix = ingest.openReceived()) {
                return registry.resumeBlob(repository, blob.digest(), blob.size(), offset, prefix, sink, progress);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the partial blob " + blob.digest() + ": " + e.getMessage(), e);
            }
        } catch (DigestMismatchException e) {
            if (!sink.refusedByIngest()) {
                ingest.restart(); // what reached the store does not match: keep none of it
            }
            throw e;
        }
    }
}
