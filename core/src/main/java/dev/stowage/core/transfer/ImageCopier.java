package dev.stowage.core.transfer;

import dev.stowage.core.MissingPlatformsException;
import dev.stowage.core.ProgressEvent.Scope;
import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.image.ImageGraph;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.Platform;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.BlobLocations;
import dev.stowage.core.spi.ImageDestination;
import dev.stowage.core.spi.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The one algorithm that moves images. Pull, push, copy between registries or layouts, save and
 * load are each a copy from an {@link ImageSource} to an {@link ImageDestination}; this class is
 * where every decision of a copy is made, once:
 * <ol>
 * <li>resolve the source's reference to a manifest or index (read from the destination when it
 *     holds it already);</li>
 * <li>choose the platforms of an index ({@link PlatformSelector});</li>
 * <li>decide each blob, in {@link #move}: skip it when the destination's name is current, reuse it
 *     when the destination has it, mount it when another repository of the destination's registry
 *     is known to hold it ({@link BlobLocations}), else transfer it; at most {@code parallelism}
 *     blobs move at once (one at a time, in manifest order, to a destination that
 *     {@linkplain ImageDestination#writesInOrder writes in order}), and a blob several images of
 *     the operation share moves once;</li>
 * <li>write child manifests before their index, and the destination's names last, so a name never
 *     points at an incomplete image;</li>
 * <li>record where each blob now is known to be, for later mounts.</li>
 * </ol>
 *
 * <pre>{@code
 * try (ImageCopier copier = new ImageCopier("copy", 6, store.blobLocations(), listener)) {
 *     copier.copy("registry.example.com/app:1", source, destination, PlatformChoice.all());
 *     CopyTotals totals = copier.totals();
 * }
 * }</pre>
 */
public final class ImageCopier implements AutoCloseable {
    /** How many blobs move at once by default: as many as skopeo, whatever the cores (transfers wait on network and disk). */
    public static final int DEFAULT_PARALLELISM = 6;

    private final String operation;
    private final BlobLocations locations;
    private final ProgressListener progress;
    private final BlobTransfers<Moved> transfers;

    /**
     * @param operation what the events say this is: {@code pull}, {@code push}, {@code copy}, …
     * @param locations where blobs are known to be, read for mounts and fed by every copy
     */
    public ImageCopier(String operation, int parallelism, BlobLocations locations, ProgressListener progress) {
        this.operation = operation;
        this.locations = locations;
        this.progress = progress;
        this.transfers = new BlobTransfers<>(operation, parallelism, progress);
    }

    /** What one blob took. */
    private record Moved(Kind kind, long bytes) {
        enum Kind { COPIED, EXISTING, MOUNTED }

        static final Moved EXISTING = new Moved(Kind.EXISTING, 0);
        static final Moved MOUNTED = new Moved(Kind.MOUNTED, 0);
    }

    /**
     * Copies one image. Blobs it shares with an image this copier copied before are not moved again.
     *
     * @param image how events and messages name the image ({@code 127.0.0.1:5000/app:1})
     * @throws dev.stowage.core.PlatformNotFoundException if the platform chosen is not in the image's index
     * @throws MissingPlatformsException if every platform is wanted and the source lacks some
     */
    public CopiedImage copy(String image, ImageSource source, ImageDestination destination, PlatformChoice choice) {
        Scope scope = new Scope(operation, image);
        progress.onEvent(new ProgressEvent.Resolving(scope));
        ManifestDocument top = manifest(source, destination, source.resolve());
        List<ManifestDocument> children = new ArrayList<>();
        if (top instanceof ImageIndex index) {
            if (choice.platform().isPresent()) {
                Descriptor chosen = PlatformSelector.select(image, index, choice.platform().get(), source::hasManifest);
                ManifestDocument child = manifest(source, destination, chosen.digest());
                if (destination.keepsPartialIndexes()) {
                    children.add(child);
                } else {
                    top = child; // the one platform's manifest is the image now, as skopeo copies it
                }
            } else {
                children = everyChild(image, index, source, destination);
            }
        }
        Digest digest = top.digest();
        // A registry holding a manifest under the name holds its blobs: nothing needs asking or moving.
        boolean unchanged = destination.currentDigest().filter(digest::equals).isPresent();
        List<Descriptor> blobs = blobs(top, children);
        for (Descriptor blob : blobs) {
            transfers.submit(scope, blob.digest(), () -> move(scope, source, destination, blob, unchanged));
            if (destination.writesInOrder()) {
                transfers.awaitAll();
            }
        }
        transfers.awaitAll();
        List<Digest> digests = blobs.stream().map(Descriptor::digest).toList();
        Map<BlobLocation, List<Digest>> bySource = new LinkedHashMap<>();
        for (Digest blob : digests) {
            source.location(blob).ifPresent(l -> bySource.computeIfAbsent(l, k -> new ArrayList<>()).add(blob));
        }
        bySource.forEach((location, held) -> locations.record(held, location));
        destination.location().ifPresent(location -> locations.record(digests, location));
        if (!unchanged) {
            children.forEach(destination::putManifest);
            destination.commit(top);
        }
        return new CopiedImage(digest, unchanged);
    }

    /** Every blob this copier moved or found, each counted once; waits for transfers still running. */
    public CopyTotals totals() {
        return totals(transfers.awaitAll());
    }

    /**
     * What became of {@code blobs} (those of them this copier handled), each counted once: for
     * example the layers an image took from its base.
     */
    public CopyTotals totals(Collection<Digest> blobs) {
        Map<Digest, Moved> outcomes = transfers.awaitAllByDigest();
        return totals(blobs.stream().distinct().map(outcomes::get).filter(Objects::nonNull).toList());
    }

    private static CopyTotals totals(List<Moved> outcomes) {
        int copied = 0;
        int existing = 0;
        int mounted = 0;
        long bytes = 0;
        for (Moved moved : outcomes) {
            switch (moved.kind()) {
                case COPIED -> copied++;
                case EXISTING -> existing++;
                case MOUNTED -> mounted++;
            }
            bytes += moved.bytes();
        }
        return new CopyTotals(copied, existing, mounted, bytes);
    }

    /** Waits for transfers still running after a failure, and ends the transfer threads. */
    @Override
    public void close() {
        transfers.close();
    }

    private static ManifestDocument manifest(ImageSource source, ImageDestination destination, Digest digest) {
        return destination.storedManifest(digest).orElseGet(() -> source.manifest(digest));
    }

    /** Every manifest an index lists, all of which the source must have: a registry refuses an index naming manifests it lacks. */
    private List<ManifestDocument> everyChild(String image, ImageIndex index, ImageSource source,
            ImageDestination destination) {
        List<ManifestDocument> children = new ArrayList<>();
        List<Platform> missing = new ArrayList<>();
        for (Descriptor child : index.manifests()) {
            if (source.hasManifest(child.digest())) {
                children.add(manifest(source, destination, child.digest()));
            } else {
                missing.add(child.platform().orElse(Platform.of("unknown", "unknown")));
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingPlatformsException(operation, image, missing);
        }
        return children;
    }

    /** The blobs the image's manifests name, each once, configs and layers in manifest order. */
    private static List<Descriptor> blobs(ManifestDocument top, List<ManifestDocument> children) {
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        for (ImageManifest manifest : ImageGraph.imageManifests(top, children)) {
            for (Descriptor blob : ImageGraph.blobs(manifest)) {
                blobs.putIfAbsent(blob.digest(), blob);
            }
        }
        return List.copyOf(blobs.values());
    }

    /** The decision for one blob: skip, reuse, mount or transfer. */
    private Moved move(Scope scope, ImageSource source, ImageDestination destination, Descriptor blob,
            boolean destinationCurrent) {
        if (destinationCurrent) {
            return exists(scope, blob);
        }
        Optional<BlobLocation> mountFrom = mountSource(source, destination, blob.digest());
        // With a repository to mount from, the mount itself is the question: a registry answers it
        // whether or not the target had the blob, so asking first would only add a round trip.
        if (mountFrom.isEmpty() && destination.hasBlob(blob)) {
            return exists(scope, blob);
        }
        boolean upload = destination.location().isPresent();
        LongAdder moved = new LongAdder();
        BlobContent content = new BlobContent() {
            @Override
            public InputStream open(long offset) throws IOException {
                return new ProgressStream(source.openBlob(blob, offset), offset, scope, blob, upload, source.description(),
                        progress, moved);
            }

            @Override
            public boolean verified() {
                return source.verifiesBlobs();
            }
        };
        return switch (destination.putBlob(blob, content, mountFrom)) {
            case MOUNTED -> {
                progress.onEvent(new ProgressEvent.Mounted(scope, blob.digest(), mountFrom.orElseThrow().repository()));
                yield Moved.MOUNTED;
            }
            case PRESENT -> exists(scope, blob);
            case WRITTEN -> {
                progress.onEvent(upload ? new ProgressEvent.Uploaded(scope, blob.digest(), blob.size())
                        : new ProgressEvent.Downloaded(scope, blob.digest(), blob.size()));
                yield new Moved(Moved.Kind.COPIED, moved.sum());
            }
        };
    }

    private Moved exists(Scope scope, Descriptor blob) {
        progress.onEvent(new ProgressEvent.Exists(scope, blob.digest()));
        return Moved.EXISTING;
    }

    /**
     * Where a blob can be mounted from, when the destination is a registry: the source itself when
     * it is another repository of the same registry (it certainly has the blob), else a repository
     * of that registry known to hold it, the first by name.
     */
    private Optional<BlobLocation> mountSource(ImageSource source, ImageDestination destination, Digest blob) {
        Optional<BlobLocation> target = destination.location();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        return Stream.concat(source.location(blob).stream(),
                        locations.of(blob).stream().sorted(Comparator.comparing(BlobLocation::repository)))
                .filter(l -> l.registry().equals(target.get().registry())
                        && !l.repository().equals(target.get().repository()))
                .findFirst();
    }
}
