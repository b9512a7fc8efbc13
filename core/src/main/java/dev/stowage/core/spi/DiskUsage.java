package dev.stowage.core.spi;

import dev.stowage.core.PartialDownloadUsage;
import dev.stowage.core.model.Digest;
import java.util.List;
import java.util.Objects;

/**
 * Space used by a store, with docker {@code system df -v} semantics per image.
 *
 * @param totalBytes bytes of every blob in the store
 * @param images one row per image in the index
 * @param unreferencedBytes bytes of blobs no image references and no lease protects: what
 *     {@link ImageStore#gc()} frees now
 * @param reclaimableBytes bytes that removing every image not protected by a lease, then
 *     collecting garbage, would free
 * @param partialDownloads space held by downloads begun and not finished (not in {@code totalBytes})
 */
public record DiskUsage(long totalBytes, List<ImageUsage> images, long unreferencedBytes, long reclaimableBytes,
                        PartialDownloadUsage partialDownloads) {
    public DiskUsage {
        images = List.copyOf(images);
        Objects.requireNonNull(partialDownloads, "partialDownloads");
    }

    /**
     * One image's share of the store.
     *
     * @param digest the image's manifest (or index) digest
     * @param size bytes of every stored blob the image references, including its manifest
     * @param sharedSize the part of {@code size} also referenced by another image
     * @param uniqueSize the part of {@code size} only this image references: what removing it frees
     */
    public record ImageUsage(Digest digest, long size, long sharedSize, long uniqueSize) {
    }
}
