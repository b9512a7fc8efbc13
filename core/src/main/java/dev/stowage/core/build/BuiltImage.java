package dev.stowage.core.build;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import java.util.List;
import java.util.Objects;

/**
 * An image the {@link ImageBuilder} wrote into a store or pushed to a registry.
 *
 * @param manifestDigest the digest of the manifest, what {@code name@sha256:…} pins
 * @param imageId the config digest, the image ID docker shows
 * @param layers the manifest's layer descriptors, base layers first
 * @param baseLayers what became of the base image's layers ({@link BaseLayers#NONE} without a base)
 */
public record BuiltImage(Digest manifestDigest, Digest imageId, ImageManifest manifest, ImageConfig config,
        List<Descriptor> layers, BaseLayers baseLayers) {
    public BuiltImage {
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        Objects.requireNonNull(baseLayers, "baseLayers");
    }

    /** An image whose base layers (if any) are not accounted for: {@link BaseLayers#NONE}. */
    public BuiltImage(Digest manifestDigest, Digest imageId, ImageManifest manifest, ImageConfig config,
            List<Descriptor> layers) {
        this(manifestDigest, imageId, manifest, config, layers, BaseLayers.NONE);
    }

    /** The image's platform, from its config. */
    public Platform platform() {
        return new Platform(config.os(), config.architecture(), config.variant(), config.osVersion(),
                config.osFeatures());
    }
}
