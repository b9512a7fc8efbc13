package dev.stowage.core;

import dev.stowage.core.model.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What a copy did. Blob counts cover the whole copy, each blob once, however many tags share it.
 *
 * @param images every image copied, in order (one unless every tag was copied)
 * @param blobsCopied blobs whose bytes moved
 * @param blobsReused blobs the destination had already
 * @param blobsMounted blobs the destination registry mounted from another of its repositories; no byte moved
 * @param bytesMoved blob bytes read from the source
 */
public record CopyResult(List<Image> images, int blobsCopied, int blobsReused, int blobsMounted, long bytesMoved) {
    public CopyResult {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a copy result names at least one image");
        }
    }

    /**
     * One image copied.
     *
     * @param source where it was read, as the copy named it ({@code docker://127.0.0.1:5000/app:1})
     * @param destination where it was written
     * @param manifestDigest the digest of the manifest or index written (the source's, unless one
     *     platform of an index was copied)
     */
    public record Image(String source, String destination, Digest manifestDigest) {
        public Image {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(manifestDigest, "manifestDigest");
        }
    }

    /** The digest of the (first) manifest or index written. */
    public Digest manifestDigest() {
        return images.get(0).manifestDigest();
    }
}
