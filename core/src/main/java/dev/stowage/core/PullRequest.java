package dev.stowage.core;

import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Registry;
import dev.stowage.core.transfer.CopiedImage;
import dev.stowage.core.transfer.CopyTotals;
import dev.stowage.core.transfer.ImageCopier;
import dev.stowage.core.transfer.PlatformChoice;
import dev.stowage.core.transfer.RegistrySource;
import dev.stowage.core.transfer.StoreDestination;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A pull ({@code docker pull}) being configured; {@link #call()} runs it.
 *
 * <pre>{@code
 * PullResult r = images.pull("nginx:1.25").platform("linux/arm64").call();
 * PullResult all = images.pull("registry.example.com/team/app").allTags().call();
 * }</pre>
 *
 * <p>Blobs already in the store are not fetched; the others are streamed in parallel into the
 * store and verified. A pull that was interrupted continues its partly received blobs. A pull
 * by tag records the tag and the repo digest ({@code name@sha256:…}); a pull by digest records
 * only the repo digest, as docker does.
 */
public final class PullRequest {
    private final ImageStore store;
    private final Supplier<Registry> registry;
    private final int parallelism;
    private final ImageReference reference;
    private ProgressListener progress;
    private Platform platform;
    private boolean allPlatforms;
    private boolean allTags;

    PullRequest(ImageStore store, Supplier<Registry> registry, int parallelism, ProgressListener progress,
            String reference) {
        this.store = store;
        this.registry = registry;
        this.parallelism = parallelism;
        this.progress = progress;
        this.reference = ImageReference.parse(Objects.requireNonNull(reference, "reference"));
    }

    /**
     * The platform to take from a multi-platform image, e.g. {@code linux/arm64} (docker's
     * {@code --platform}). Default: {@link Platform#hostLinux()}, this machine's architecture with os {@code linux}.
     *
     * @throws dev.stowage.core.model.InvalidPlatformException if the specifier is malformed
     */
    public PullRequest platform(String specifier) {
        return platform(Platform.parse(specifier));
    }

    /** As {@link #platform(String)}. */
    public PullRequest platform(Platform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
        return this;
    }

    /** Takes every platform of a multi-platform image, keeping its index as it is. */
    public PullRequest allPlatforms() {
        this.allPlatforms = true;
        return this;
    }

    /**
     * Pulls every tag of the reference's repository ({@code docker pull -a}).
     *
     * @throws IllegalArgumentException if the reference names a tag or digest
     */
    public PullRequest allTags() {
        if (reference.tag().isPresent() || reference.digest().isPresent()) {
            throw new IllegalArgumentException("cannot pull every tag of " + reference.familiar()
                    + ": give the repository without a tag or digest");
        }
        this.allTags = true;
        return this;
    }

    /** Where this pull's progress goes, instead of the manager's listener. */
    public PullRequest progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Runs the pull.
     *
     * @throws NotFoundException if the registry has no such image (or, with {@link #allTags()}, no tag)
     * @throws PlatformNotFoundException if the image has no manifest for the platform asked for
     * @throws UnauthorizedException if the registry wants credentials it was not given
     * @throws dev.stowage.core.model.DigestMismatchException if the registry sent content not matching its digest
     */
    public PullResult call() {
        Registry client = registry.get().withProgress(progress);
        List<ImageReference> references;
        if (allTags) {
            references = client.listTags(reference).stream().map(reference::withTag).toList();
            if (references.isEmpty()) {
                throw new NotFoundException("repository " + reference + " has no tags to pull", reference.registry(), 404,
                        "NAME_UNKNOWN");
            }
        } else {
            references = List.of(reference.withDefaultTag());
        }
        PlatformChoice choice = allPlatforms ? PlatformChoice.all()
                : PlatformChoice.of(Optional.ofNullable(platform).orElseGet(Platform::hostLinux));
        List<PulledImage> images = new ArrayList<>();
        try (ImageCopier copier = new ImageCopier("pull", parallelism, store.blobLocations(), progress)) {
            for (ImageReference ref : references) {
                CopiedImage copied;
                try (RegistrySource source = new RegistrySource(client, ref, progress);
                     StoreDestination destination = StoreDestination.pulled(store, ref)) {
                    copied = copier.copy(ref.toString(), source, destination, choice);
                }
                ImageReference recorded = ref.digest().isPresent() ? ref.repoDigest(copied.digest()) : ref;
                // ID and platform as the store lists the image, which depend on what else of an index it already held.
                ImageRecord image = store.resolve(recorded).orElseThrow(() -> new ImageNotFoundException(
                        recorded.familiar() + " (removed from the store while it was being pulled)"));
                images.add(new PulledImage(recorded, copied.digest(), image.id(), image.platform()));
            }
            CopyTotals totals = copier.totals();
            return new PullResult(images, totals.blobsCopied(), totals.blobsExisting(), totals.bytesCopied());
        }
    }
}
