package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.util.List;

/**
 * What a garbage collection removed.
 *
 * @param removedBlobs blobs deleted because nothing referenced or leased them
 * @param bytesFreed bytes actually freed on disk by removing blobs and stale partial downloads
 * @param removedIngests stale partial downloads and temporary files removed
 */
public record GcReport(List<Digest> removedBlobs, long bytesFreed, int removedIngests) {
    public GcReport {
        removedBlobs = List.copyOf(removedBlobs);
    }
}
