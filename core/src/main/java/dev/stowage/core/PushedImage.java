package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.util.Objects;

/**
 * One reference a push wrote on the registry.
 *
 * @param reference the tag (or {@code name@digest}) pushed
 * @param manifestDigest the digest of the manifest or index it now names
 */
public record PushedImage(ImageReference reference, Digest manifestDigest) {
    public PushedImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
    }
}
