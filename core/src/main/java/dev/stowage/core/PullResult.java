package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * What a pull did. The accessors for a single image answer for the image pulled, or the first
 * one of a pull of every tag; byte and blob counts cover the whole pull, each blob once.
 *
 * @param images every image recorded, in the order pulled (one unless every tag was pulled)
 * @param blobsFetched blobs (configs and layers) downloaded
 * @param blobsPresent blobs needed that the store already had
 * @param bytesDownloaded blob bytes received from the registry (a resumed blob counts only the rest)
 */
public record PullResult(List<PulledImage> images, int blobsFetched, int blobsPresent, long bytesDownloaded) {
    public PullResult {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a pull result names at least one image");
        }
    }

    /** The reference recorded for the (first) image. */
    public ImageReference reference() {
        return images.get(0).reference();
    }

    /** The digest of the (first) image's manifest or index. */
    public Digest manifestDigest() {
        return images.get(0).manifestDigest();
    }

    /** The (first) image's ID. */
    public Digest imageId() {
        return images.get(0).imageId();
    }

    /** The (first) image's platform; empty when every platform was pulled. */
    public Optional<Platform> platform() {
        return images.get(0).platform();
    }
}
