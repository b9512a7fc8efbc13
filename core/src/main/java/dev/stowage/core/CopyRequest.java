package dev.stowage.core;

import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageDestination;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageSource;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.ImageTransport;
import dev.stowage.core.spi.Registry;
import dev.stowage.core.transfer.CopiedImage;
import dev.stowage.core.transfer.CopyTotals;
import dev.stowage.core.transfer.ImageCopier;
import dev.stowage.core.transfer.ImageLocation;
import dev.stowage.core.transfer.PlatformChoice;
import dev.stowage.core.transfer.RegistryDestination;
import dev.stowage.core.transfer.RegistrySource;
import dev.stowage.core.transfer.StoreDestination;
import dev.stowage.core.transfer.StoreSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A copy ({@code skopeo copy}) being configured; {@link #call()} runs it. Source and destination
 * are written as skopeo writes them: a registry reference, with or without {@code docker://};
 * {@code store:REF} for this manager's store; {@code oci:DIR[:NAME]} for an OCI image layout
 * directory; {@code docker-archive:FILE[:REF]} and {@code oci-archive:FILE[:NAME]} for an archive
 * of one image (as a source, {@code :@N} picks the N-th of several; as a destination, the file must
 * not exist or be empty, as skopeo wants it).
 *
 * <pre>{@code
 * CopyResult r = images.copy("registry.example.com/team/app:1", "registry.example.com/release/app:1").call();
 * r.blobsMounted();   // on one registry every blob is mounted: no layer byte moves
 * images.copy("quay.io/team/app", "registry.example.com/team/app").allTags().allPlatforms().call();
 * }</pre>
 *
 * <p>Between registries each blob streams from the source's response into the destination's
 * upload: nothing is held in memory or written to disk on the way. Within one registry blobs are
 * mounted. By default only this machine's platform of a multi-platform image is copied, as its
 * own image; {@link #allPlatforms()} copies the index with every platform.
 */
public final class CopyRequest {
    private final ImageStore store;
    private final Supplier<Registry> registry;
    private final Function<String, ImageTransport> transports;
    private final int parallelism;
    private final ImageLocation source;
    private final ImageLocation destination;
    private ProgressListener progress;
    private Platform platform;
    private boolean allPlatforms;
    private boolean allTags;
    private Registry sourceRegistry;
    private Registry destinationRegistry;

    CopyRequest(ImageStore store, Supplier<Registry> registry, Function<String, ImageTransport> transports,
            int parallelism, ProgressListener progress, String source, String destination) {
        this.store = store;
        this.registry = registry;
        this.transports = transports;
        this.parallelism = parallelism;
        this.progress = progress;
        this.source = ImageLocation.parse(source);
        this.destination = ImageLocation.parse(destination);
    }

    /** Copies a multi-platform image whole: its index and every platform's manifest ({@code --all}). */
    public CopyRequest allPlatforms() {
        this.allPlatforms = true;
        return this;
    }

    /**
     * The platform to copy from a multi-platform image, as an image of its own ({@code --platform}).
     * Default: {@link Platform#hostLinux()}.
     *
     * @throws dev.stowage.core.model.InvalidPlatformException if the specifier is malformed
     */
    public CopyRequest platform(String specifier) {
        return platform(Platform.parse(specifier));
    }

    /** As {@link #platform(String)}. */
    public CopyRequest platform(Platform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
        return this;
    }

    /**
     * Copies every tag of the source repository to the same tag of the destination ({@code -a},
     * as {@code skopeo sync} does for one repository). The source is a registry or the store.
     *
     * @throws IllegalArgumentException if the source names a tag or digest, or is another transport
     */
    public CopyRequest allTags() {
        if (source instanceof ImageLocation.Transport) {
            throw new IllegalArgumentException("cannot copy every tag of " + source
                    + ": give a registry repository or store:REPOSITORY as the source");
        }
        ImageReference ref = source instanceof ImageLocation.Registry r ? r.reference() : ((ImageLocation.Store) source).reference();
        if (ref.tag().isPresent() || ref.digest().isPresent()) {
            throw new IllegalArgumentException("cannot copy every tag of " + source
                    + ": give the repository without a tag or digest");
        }
        this.allTags = true;
        return this;
    }

    /** Where this copy's progress goes, instead of the manager's listener. */
    public CopyRequest progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The registry client to read a registry source with (other credentials, say), instead of the manager's. */
    public CopyRequest sourceRegistry(Registry client) {
        this.sourceRegistry = Objects.requireNonNull(client, "client");
        return this;
    }

    /** The registry client to write a registry destination with, instead of the manager's. */
    public CopyRequest destinationRegistry(Registry client) {
        this.destinationRegistry = Objects.requireNonNull(client, "client");
        return this;
    }

    /**
     * Runs the copy.
     *
     * @throws NotFoundException if the source has no such image (or, with {@link #allTags()}, no tag)
     * @throws PlatformNotFoundException if the image has no manifest for the platform asked for
     * @throws UnauthorizedException if a registry wants credentials it was not given
     * @throws dev.stowage.core.model.DigestMismatchException if the source sent content not matching its digest
     */
    public CopyResult call() {
        List<ImageLocation[]> pairs = new ArrayList<>();
        if (allTags) {
            for (String tag : tags()) {
                pairs.add(new ImageLocation[] {source.withTag(tag), destination.withTag(tag)});
            }
        } else {
            pairs.add(new ImageLocation[] {withDefaultTag(source), withDefaultTag(destination)});
        }
        PlatformChoice choice = allPlatforms ? PlatformChoice.all()
                : PlatformChoice.of(Optional.ofNullable(platform).orElseGet(Platform::hostLinux));
        List<CopyResult.Image> images = new ArrayList<>();
        try (ImageCopier copier = new ImageCopier("copy", parallelism, store.blobLocations(), progress)) {
            for (ImageLocation[] pair : pairs) {
                try (ImageSource from = openSource(pair[0]); ImageDestination to = openDestination(pair[1])) {
                    CopiedImage copied = copier.copy(pair[0].toString(), from, to, choice);
                    images.add(new CopyResult.Image(pair[0].toString(), pair[1].toString(), copied.digest()));
                }
            }
            CopyTotals totals = copier.totals();
            return new CopyResult(images, totals.blobsCopied(), totals.blobsExisting(), totals.blobsMounted(),
                    totals.bytesCopied());
        }
    }

    private List<String> tags() {
        List<String> tags;
        String repository;
        if (source instanceof ImageLocation.Registry r) {
            repository = r.reference().toString();
            tags = sourceClient().withProgress(progress).listTags(r.reference()).stream().sorted().toList();
        } else {
            ImageReference ref = ((ImageLocation.Store) source).reference();
            repository = ref.familiarName();
            tags = store.images().stream()
                    .flatMap(image -> image.tags().stream())
                    .filter(t -> t.name().equals(ref.name()))
                    .map(t -> t.tag().orElseThrow())
                    .distinct()
                    .sorted()
                    .toList();
        }
        if (tags.isEmpty()) {
            throw new NotFoundException("repository " + repository + " has no tags to copy");
        }
        return tags;
    }

    private static ImageLocation withDefaultTag(ImageLocation location) {
        if (location instanceof ImageLocation.Registry r) {
            return new ImageLocation.Registry(r.reference().withDefaultTag());
        }
        if (location instanceof ImageLocation.Store s) {
            return new ImageLocation.Store(s.reference().withDefaultTag());
        }
        return location;
    }

    private ImageSource openSource(ImageLocation location) {
        if (location instanceof ImageLocation.Registry r) {
            return new RegistrySource(sourceClient(), r.reference(), progress);
        }
        if (location instanceof ImageLocation.Store s) {
            ImageRecord image = store.resolve(s.reference()).orElseThrow(() -> new ImageNotFoundException(
                    s.reference().familiar() + " (not in the store)"));
            return new StoreSource(store, image, location.toString());
        }
        ImageLocation.Transport t = (ImageLocation.Transport) location;
        return transports.apply(t.transport()).openSource(t.path(), t.name().orElse(null), progress);
    }

    private ImageDestination openDestination(ImageLocation location) {
        if (location instanceof ImageLocation.Registry r) {
            return new RegistryDestination(destinationRegistry != null ? destinationRegistry : registry.get(),
                    r.reference(), progress);
        }
        if (location instanceof ImageLocation.Store s) {
            return StoreDestination.named(store, List.of(s.reference()));
        }
        ImageLocation.Transport t = (ImageLocation.Transport) location;
        return transports.apply(t.transport()).openDestination(t.path(), t.name().orElse(null), progress);
    }

    private Registry sourceClient() {
        return sourceRegistry != null ? sourceRegistry : registry.get();
    }
}
