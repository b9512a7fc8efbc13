package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import java.util.Objects;
import java.util.Optional;

/**
 * One image a pull recorded in the store.
 *
 * @param reference the name recorded: the tag pulled, or {@code name@digest} for a pull by digest
 * @param manifestDigest the digest of the manifest or index the reference names (docker's repo digest)
 * @param imageId the image ID as the store lists it: the config digest of the platform manifest
 *     (the index digest when several platforms of the index are stored, by this pull or earlier ones)
 * @param platform the image's platform as the store lists it, from its config; empty when several
 *     platforms of the index are stored
 * @param source where its manifest and blobs were read: the reference itself, or a mirror or
 *     location {@code registries.conf} maps it to
 */
public record PulledImage(ImageReference reference, Digest manifestDigest, Digest imageId,
        Optional<Platform> platform, ImageReference source) {
    public PulledImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(platform, "platform");
    }
}
