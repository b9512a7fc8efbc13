package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.util.List;

/**
 * What a garbage collection removed.
 *
 * @param removedBlobs blobs deleted because nothing referenced or leased them
 * @param bytesFreed bytes actually freed on disk by removing blobs, partial downloads and temporary files
 * @param removedIngests partial downloads and temporary files removed
 * @param removedPartialDownloads the digests of the partial downloads among them
 * @param removedLeases leases of processes that ended without closing them
 */
public record GcReport(List<Digest> removedBlobs, long bytesFreed, int removedIngests,
                       List<Digest> removedPartialDownloads, int removedLeases) {
    public GcReport {
        removedBlobs = List.copyOf(removedBlobs);
        removedPartialDownloads = List.copyOf(removedPartialDownloads);
    }
}
