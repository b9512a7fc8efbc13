package dev.stowage.core;

import dev.stowage.core.model.Digest;
import java.util.List;

/**
 * What {@link SystemPruneRequest#call()} removed.
 *
 * @param removals the images' {@code untagged:} and {@code deleted:} lines, in order
 * @param deletedImages the IDs of the images deleted
 * @param partialDownloads the digests of the partial downloads removed
 * @param removedLeases leases of processes that ended, forgotten
 * @param removedBlobs blobs deleted because no image referenced them (those of the deleted images included)
 * @param reclaimedBytes bytes freed on disk
 */
public record SystemPruneReport(List<Removal> removals, List<Digest> deletedImages, List<Digest> partialDownloads,
                                int removedLeases, int removedBlobs, long reclaimedBytes) {
    public SystemPruneReport {
        removals = List.copyOf(removals);
        deletedImages = List.copyOf(deletedImages);
        partialDownloads = List.copyOf(partialDownloads);
    }
}
