package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store's {@code docker system df} figures.
 *
 * @param totalImages images in the store
 * @param activeImages images protected by a lease (in use by a running operation)
 * @param sizeBytes bytes of every blob in the store
 * @param reclaimableBytes bytes that removing every image not in use, then collecting, would free
 * @param images the verbose ({@code -v}) rows: one per name, as {@code docker images} lists them, newest image first
 * @param partialDownloads space held by downloads begun and not finished (docker shows build cache here)
 */
public record DiskUsageReport(int totalImages, int activeImages, long sizeBytes, long reclaimableBytes,
                              List<ImageUsage> images, PartialDownloadUsage partialDownloads) {
    public DiskUsageReport {
        images = List.copyOf(images);
        Objects.requireNonNull(partialDownloads, "partialDownloads");
    }

    /**
     * One image's share of the store under one of its names, as {@code docker system df -v} shows it.
     *
     * @param reference the name this row shows: a tag, a digest reference, or empty when the image has none
     * @param id the image ID
     * @param digest the manifest (or index) digest
     * @param created the creation time in its config, if any
     * @param size bytes of every stored blob it references
     * @param sharedSize the part of {@code size} other images reference too
     * @param uniqueSize the part only it references: what removing it frees
     */
    public record ImageUsage(Optional<ImageReference> reference, Digest id, Digest digest, Optional<Instant> created,
                             long size, long sharedSize, long uniqueSize) {
        public ImageUsage {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(created, "created");
        }
    }
}
