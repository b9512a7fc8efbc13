package dev.stowage.core.transfer;

import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.spi.ImageDestination;
import dev.stowage.core.spi.ManifestHead;
import dev.stowage.core.spi.Registry;
import java.util.Objects;
import java.util.Optional;

/** A tag (or digest) in a registry repository, written through a {@link Registry}. */
public final class RegistryDestination implements ImageDestination {
    private final Registry registry;
    private final ImageReference target;
    private final ProgressListener progress;

    /** @param target the name to write, with a tag, or a digest to push by digest only */
    public RegistryDestination(Registry registry, ImageReference target, ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.registry = Objects.requireNonNull(registry, "registry").withProgress(progress);
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public String description() {
        return target.toString();
    }

    @Override
    public Optional<BlobLocation> location() {
        return Optional.of(new BlobLocation(target.registry(), target.repository()));
    }

    /** One {@code HEAD}: a push of what the tag already names is then that one request. */
    @Override
    public Optional<Digest> currentDigest() {
        return registry.checkManifest(target).map(ManifestHead::digest);
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return registry.checkBlob(target, blob.digest()).isPresent();
    }

    @Override
    public PutResult putBlob(Descriptor blob, BlobContent content, Optional<BlobLocation> mountFrom) {
        BlobPush push = registry.pushBlob(target, blob, content, mountFrom.map(BlobLocation::repository), progress);
        return push.mounted() ? PutResult.MOUNTED : PutResult.WRITTEN;
    }

    @Override
    public void putManifest(ManifestDocument manifest) {
        registry.pushManifest(target.repoDigest(manifest.digest()), manifest.raw(), manifest.mediaType());
    }

    @Override
    public void commit(ManifestDocument top) {
        registry.pushManifest(target, top.raw(), top.mediaType());
    }
}
