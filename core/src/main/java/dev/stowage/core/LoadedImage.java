package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One image a load put into the store.
 *
 * @param names the names it was given (from the archive); empty for an image loaded untagged
 * @param manifestDigest the digest of its manifest or index in the store
 * @param imageId the image ID as the store lists it (the config digest, for one platform)
 * @param replaced the names that pointed at another image before, each with that image's ID (docker:
 *     "The image NAME already exists, renaming the old one with ID … to empty string")
 */
public record LoadedImage(List<ImageReference> names, Digest manifestDigest, Digest imageId,
        Map<ImageReference, Digest> replaced) {
    public LoadedImage {
        names = List.copyOf(names);
        replaced = Map.copyOf(replaced);
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(imageId, "imageId");
    }
}
