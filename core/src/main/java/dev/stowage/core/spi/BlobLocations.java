package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.util.Collection;
import java.util.Set;

/**
 * Which registry repositories are known to hold which blobs: fed by every copy (a pull learns
 * where its blobs came from, a push where they went) and read by every copy to a registry, which
 * mounts a blob from another repository of the same registry instead of uploading it. A store
 * keeps its locations with its images ({@link ImageStore#blobLocations()}), so they outlive the
 * process where the store does.
 */
public interface BlobLocations {
    /** Records that every one of {@code blobs} is in {@code location}. */
    void record(Collection<Digest> blobs, BlobLocation location);

    /** The repositories {@code blob} is known to be in; empty when none is known. */
    Set<BlobLocation> of(Digest blob);
}
