package dev.stowage.core;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.spi.BlobSource;
import dev.stowage.core.spi.ImageNotFoundException;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.spi.ManifestHead;
import dev.stowage.core.spi.ProgressEvent;
import dev.stowage.core.spi.ProgressListener;
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
 * Pushes stored images to a registry moving as few bytes as possible: nothing when the tag
 * already names the image; otherwise, per blob in parallel, a cross-repository mount when the
 * store knows another repository of the same registry that holds it, else nothing when the
 * repository has it, an upload only when neither works. Manifests go last, an index after its children.
 */
final class ImagePusher {
    private final ImageStore store;
    private final Registry registry;
    private final int parallelism;
    private final ProgressListener progress;

    ImagePusher(ImageStore store, Registry registry, int parallelism, ProgressListener progress) {
        this.store = store;
        this.registry = registry;
        this.parallelism = parallelism;
        this.progress = progress;
    }

    /** What happened to one blob. */
    private record Sent(BlobPush.Outcome outcome, long bytes) {
        static final Sent EXISTING = new Sent(null, 0);

        boolean existing() {
            return outcome == null;
        }
    }

    /**
     * @param targets the references to push, each naming a stored image, with a tag or digest
     * @param platform the one platform of an index to push instead of the whole index
     */
    PushResult push(List<ImageReference> targets, Optional<Platform> platform) {
        List<PushedImage> pushed = new ArrayList<>();
        try (Lease lease = store.lease();
             BlobTransfers<Sent> transfers = new BlobTransfers<>("push", parallelism, progress)) {
            for (ImageReference target : targets) {
                pushed.add(pushOne(target, platform, lease, transfers));
            }
            List<Sent> all = transfers.awaitAll();
            int existing = (int) all.stream().filter(Sent::existing).count();
            int mounted = (int) all.stream().filter(s -> s.outcome() == BlobPush.Outcome.MOUNTED).count();
            long bytes = all.stream().mapToLong(Sent::bytes).sum();
            return new PushResult(pushed, all.size() - existing - mounted, existing, mounted, bytes);
        }
    }

    private PushedImage pushOne(ImageReference target, Optional<Platform> platform, Lease lease,
            BlobTransfers<Sent> transfers) {
        progress.onEvent(new ProgressEvent.Resolving(target.toString()));
        ImageRecord image = store.resolve(target).orElseThrow(() -> new ImageNotFoundException(target.familiar()
                + " (an image does not exist locally with that name; tag one with it first)"));
        lease.protect(image.digest());
        ManifestDocument top = store.manifest(image.digest());
        List<ManifestDocument> children = new ArrayList<>();
        if (top instanceof ImageIndex index) {
            if (platform.isPresent()) {
                top = store.manifest(chooseStored(target, index, platform.get()).digest());
            } else {
                children = storedChildren(target, index, lease);
            }
        }
        boolean tagCurrent = registry.checkManifest(target).map(ManifestHead::digest)
                .filter(top.digest()::equals).isPresent();
        Set<Digest> blobs = new LinkedHashSet<>();
        for (ImageManifest m : ImageGraph.imageManifests(top, children)) {
            for (Descriptor blob : ImageGraph.blobs(m)) {
                blobs.add(blob.digest());
                // A registry holding a manifest holds its blobs: when the tag is current, nothing needs asking.
                transfers.submit(blob.digest(), () -> tagCurrent ? existing(blob.digest()) : send(target, blob, lease));
            }
        }
        transfers.awaitAll();
        // Every blob is in the target repository now: one metadata write records that for later mounts.
        store.recordSource(blobs, new BlobSource(target.registry(), target.repository()));
        if (!tagCurrent) {
            for (ManifestDocument child : children) {
                registry.pushManifest(target.repoDigest(child.digest()), child.raw(), child.mediaType());
            }
            registry.pushManifest(target, top.raw(), top.mediaType());
        }
        return new PushedImage(target, top.digest());
    }

    /** Every child manifest of an index, which must all be stored: a registry refuses an index naming manifests it lacks. */
    private List<ManifestDocument> storedChildren(ImageReference target, ImageIndex index, Lease lease) {
        List<ManifestDocument> children = new ArrayList<>();
        List<Platform> missing = new ArrayList<>();
        for (Descriptor child : index.manifests()) {
            lease.protect(child.digest());
            if (store.hasBlob(child.digest())) {
                children.add(store.manifest(child.digest()));
            } else {
                missing.add(child.platform().orElse(Platform.of("unknown", "unknown")));
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingPlatformsException(target.familiar(), missing);
        }
        return children;
    }

    private Descriptor chooseStored(ImageReference target, ImageIndex index, Platform wanted) {
        List<Descriptor> stored = index.manifests().stream().filter(d -> store.hasBlob(d.digest())).toList();
        Optional<Descriptor> best = index.manifestFor(wanted).filter(stored::contains);
        return best.orElseThrow(() -> new PlatformNotFoundException(target.familiar() + " (stored platforms)", wanted,
                stored.stream().map(Descriptor::platform).flatMap(Optional::stream).toList()));
    }

    private Sent existing(Digest digest) {
        progress.onEvent(new ProgressEvent.Exists(digest));
        return Sent.EXISTING;
    }

    private Sent send(ImageReference target, Descriptor blob, Lease lease) {
        Digest digest = blob.digest();
        lease.protect(digest);
        Optional<String> mountFrom = store.sources(digest).stream()
                .filter(s -> s.registry().equals(target.registry()) && !s.repository().equals(target.repository()))
                .map(BlobSource::repository)
                .sorted()
                .findFirst();
        // With a repository to mount from, the mount itself is the question: a registry answers it
        // 201 whether or not the target had the blob, so a HEAD first would only add a round trip.
        if (mountFrom.isEmpty() && registry.checkBlob(target, digest).isPresent()) {
            return existing(digest);
        }
        try {
            // A blob the store cannot give (absent, or a link it refuses to read) fails here, with the
            // store's reason, rather than inside an upload as if the registry were unreachable.
            store.openBlob(digest).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest + ": " + e.getMessage(), e);
        }
        BlobContent content = offset -> {
            InputStream in = store.openBlob(digest);
            try {
                in.skipNBytes(offset);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            return in;
        };
        BlobPush push = registry.pushBlob(target, blob, content, mountFrom, progress);
        return new Sent(push.outcome(), push.bytesSent());
    }
}
