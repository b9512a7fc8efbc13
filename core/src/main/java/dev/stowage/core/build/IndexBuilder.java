package dev.stowage.core.build;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a multi-platform image: an index over images already built into the same store, each
 * entry carrying its image's platform (from its config).
 *
 * <pre>{@code
 * BuiltImage amd64 = ImageBuilder.fromScratch().platform(Platform.parse("linux/amd64")) ... .build(store);
 * BuiltImage arm64 = ImageBuilder.fromScratch().platform(Platform.parse("linux/arm64")) ... .build(store);
 * BuiltIndex index = ImageBuilder.index().add(amd64).add(arm64)
 *         .build(store, ImageReference.parse("registry.example.com/team/app:1"));
 * }</pre>
 *
 * <p>The index is an OCI image index, or a Docker manifest list when every image is a Docker
 * manifest; {@link #format(ImageFormat)} overrides that.
 */
public final class IndexBuilder {
    private final List<BuiltImage> images = new ArrayList<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private ImageFormat format;

    IndexBuilder() {
    }

    /** Adds an entry for {@code image}, with its platform. */
    public IndexBuilder add(BuiltImage image) {
        images.add(Objects.requireNonNull(image, "image"));
        return this;
    }

    /** An annotation on the index (OCI format only). */
    public IndexBuilder annotation(String key, String value) {
        annotations.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public IndexBuilder format(ImageFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        return this;
    }

    /**
     * Writes the index into {@code store}, which must hold every image added, and points
     * {@code reference} at it.
     *
     * @throws IllegalStateException if no image was added, or a Docker manifest list would hold
     *     OCI manifests or annotations
     * @throws BlobNotFoundException if an image's manifest is not in {@code store}
     */
    public BuiltIndex build(ImageStore store, ImageReference reference) {
        return build(store, Optional.of(Objects.requireNonNull(reference, "reference")));
    }

    /** Writes the index into {@code store} without a reference. */
    public BuiltIndex build(ImageStore store) {
        return build(store, Optional.empty());
    }

    private BuiltIndex build(ImageStore store, Optional<ImageReference> reference) {
        Objects.requireNonNull(store, "store");
        if (images.isEmpty()) {
            throw new IllegalStateException("an index needs at least one image; add one with add(BuiltImage)");
        }
        boolean allDocker = images.stream().allMatch(i -> MediaTypes.isDocker(i.manifest().mediaType()));
        ImageFormat chosen = format != null ? format : allDocker ? ImageFormat.DOCKER : ImageFormat.OCI;
        if (chosen == ImageFormat.DOCKER && !allDocker) {
            throw new IllegalStateException("a Docker manifest list can only list Docker manifests; build the "
                    + "images with ImageFormat.DOCKER or the index with ImageFormat.OCI");
        }
        if (chosen == ImageFormat.DOCKER && !annotations.isEmpty()) {
            throw new IllegalStateException("Docker manifest lists have no annotations; use ImageFormat.OCI");
        }
        ImageIndex.Builder index = ImageIndex.builder().mediaType(chosen.indexMediaType());
        annotations.forEach(index::annotation);
        try (Lease lease = store.lease()) {
            for (BuiltImage image : images) {
                lease.protect(image.manifestDigest());
                store.manifest(image.manifestDigest()); // must be there: throws BlobNotFoundException
                Descriptor entry = image.manifest().toDescriptor().withPlatform(image.platform());
                index.addManifest(entry);
            }
            ImageIndex built = index.build();
            Digest digest = store.putManifest(built.raw(), built.mediaType());
            reference.ifPresentOrElse(r -> store.tag(digest, r), () -> store.addUntagged(digest));
            return new BuiltIndex(digest, built);
        }
    }
}
