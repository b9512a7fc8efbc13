package dev.stowage.core;

import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Registry;
import dev.stowage.core.transfer.CopyTotals;
import dev.stowage.core.transfer.ImageCopier;
import dev.stowage.core.transfer.PlatformChoice;
import dev.stowage.core.transfer.RegistryDestination;
import dev.stowage.core.transfer.StoreSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A push ({@code docker push}) being configured; {@link #call()} runs it.
 *
 * <pre>{@code
 * images.tag("app:1", "registry.example.com/team/app:1");
 * PushResult r = images.push("registry.example.com/team/app:1").call();
 * // r.blobsUploaded(), r.blobsExisting(), r.blobsMounted(), r.bytesUploaded()
 * }</pre>
 *
 * <p>A blob the repository has is not sent; one the store knows to be in another repository of
 * the same registry (because it was pulled or pushed there) is mounted; only the rest is
 * uploaded. A push of a tag that already names the image on the registry sends nothing at all.
 */
public final class PushRequest {
    private final ImageStore store;
    private final Supplier<Registry> registry;
    private final int parallelism;
    private final ImageReference reference;
    private ProgressListener progress;
    private Platform platform;
    private boolean allTags;

    PushRequest(ImageStore store, Supplier<Registry> registry, int parallelism, ProgressListener progress,
            String reference) {
        this.store = store;
        this.registry = registry;
        this.parallelism = parallelism;
        this.progress = progress;
        this.reference = ImageReference.parse(Objects.requireNonNull(reference, "reference"));
    }

    /**
     * Pushes every tag the store holds in the reference's repository ({@code docker push -a}).
     *
     * @throws IllegalArgumentException if the reference names a tag or digest
     */
    public PushRequest allTags() {
        if (reference.tag().isPresent() || reference.digest().isPresent()) {
            throw new IllegalArgumentException("cannot push every tag of " + reference.familiar()
                    + ": give the repository without a tag or digest");
        }
        this.allTags = true;
        return this;
    }

    /**
     * Of a multi-platform image, pushes only this platform's manifest, under the tag
     * ({@code docker push --platform}).
     *
     * @throws dev.stowage.core.model.InvalidPlatformException if the specifier is malformed
     */
    public PushRequest platform(String specifier) {
        return platform(Platform.parse(specifier));
    }

    /** As {@link #platform(String)}. */
    public PushRequest platform(Platform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
        return this;
    }

    /** Where this push's progress goes, instead of the manager's listener. */
    public PushRequest progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Runs the push.
     *
     * @throws ImageNotFoundException if the store has no image of that name (or, with {@link #allTags()}, no tag in that repository)
     * @throws MissingPlatformsException if an index's platforms were not all pulled and no platform was chosen
     * @throws PlatformNotFoundException if the chosen platform is not stored
     * @throws UnauthorizedException if the registry wants credentials it was not given
     */
    public PushResult call() {
        List<ImageReference> targets;
        if (allTags) {
            targets = store.images().stream()
                    .flatMap(image -> image.tags().stream())
                    .filter(r -> r.name().equals(reference.name()))
                    .distinct()
                    .sorted(Comparator.comparing(ImageReference::toString))
                    .toList();
            if (targets.isEmpty()) {
                throw new ImageNotFoundException(reference.familiarName() + " (no tag of that repository is in the store)");
            }
        } else {
            targets = List.of(reference.withDefaultTag());
        }
        Registry client = registry.get();
        PlatformChoice choice = platform == null ? PlatformChoice.all() : PlatformChoice.of(platform);
        List<PushedImage> pushed = new ArrayList<>();
        try (ImageCopier copier = new ImageCopier("push", parallelism, store.blobLocations(), progress)) {
            for (ImageReference target : targets) {
                ImageRecord image = store.resolve(target).orElseThrow(() -> new ImageNotFoundException(target.familiar()
                        + " (an image does not exist locally with that name; tag one with it first)"));
                try (StoreSource source = new StoreSource(store, image, target.toString());
                     RegistryDestination destination = new RegistryDestination(client, target, progress)) {
                    pushed.add(new PushedImage(target, copier.copy(target.toString(), source, destination, choice).digest()));
                }
            }
            CopyTotals totals = copier.totals();
            return new PushResult(pushed, totals.blobsCopied(), totals.blobsExisting(), totals.blobsMounted(),
                    totals.bytesCopied());
        }
    }
}
