package dev.stowage.core.transfer;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.ImageSource;
import dev.stowage.core.spi.ManifestHead;
import dev.stowage.core.spi.Registry;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/** An image in a registry repository, by tag or digest, read through a {@link Registry}. */
public final class RegistrySource implements ImageSource {
    private final Registry registry;
    private final ImageReference reference;
    private final ProgressListener progress;

    /** @param reference the image, with a tag or a digest */
    public RegistrySource(Registry registry, ImageReference reference, ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.registry = Objects.requireNonNull(registry, "registry").withProgress(progress);
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String description() {
        return reference.toString();
    }

    /** A {@code HEAD} on the tag (docker's way: it does not count against Docker Hub's pull limit). */
    @Override
    public Digest resolve() {
        return reference.digest().orElseGet(() -> registry.checkManifest(reference).map(ManifestHead::digest)
                .orElseThrow(() -> new NotFoundException("manifest unknown: " + reference + " does not exist"
                        + " (check the name and tag)", reference.registry(), 404, "MANIFEST_UNKNOWN")));
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        return registry.fetchManifest(reference.repoDigest(digest)).document();
    }

    @Override
    public InputStream openBlob(Descriptor blob, long offset) {
        return registry.openBlob(reference, blob, offset, progress);
    }

    @Override
    public Optional<BlobLocation> location() {
        return Optional.of(new BlobLocation(reference.registry(), reference.repository()));
    }
}
