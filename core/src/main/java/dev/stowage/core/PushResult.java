package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.util.List;

/**
 * What a push did. Blob counts cover the whole push, each blob once, however many tags share it.
 *
 * @param images every reference pushed, in order (one unless every tag was pushed)
 * @param blobsUploaded blobs whose bytes were sent
 * @param blobsExisting blobs the target repository already had
 * @param blobsMounted blobs the registry mounted from another repository; nothing was sent
 * @param bytesUploaded blob bytes sent to the registry
 */
public record PushResult(List<PushedImage> images, int blobsUploaded, int blobsExisting, int blobsMounted,
        long bytesUploaded) {
    public PushResult {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a push result names at least one image");
        }
    }

    /** The (first) reference pushed. */
    public ImageReference reference() {
        return images.get(0).reference();
    }

    /** The digest of the (first) manifest or index pushed. */
    public Digest manifestDigest() {
        return images.get(0).manifestDigest();
    }
}
