package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * One image a save wrote into the archive.
 *
 * @param names the names the archive gives it; empty when it was saved by ID or digest
 * @param manifestDigest the digest of the manifest or index written
 * @param imageId the image ID as the store lists it
 */
public record SavedImage(List<ImageReference> names, Digest manifestDigest, Digest imageId) {
    public SavedImage {
        names = List.copyOf(names);
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(imageId, "imageId");
    }
}
