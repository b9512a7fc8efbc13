package dev.stowage.core;

/**
 * Space held by partial downloads: blobs a pull started and has not finished, kept so that the
 * next pull resumes them. {@code docker system df} shows build cache in this place.
 *
 * @param count partial downloads in the store
 * @param active those being written right now (by this or another process)
 * @param bytes bytes they hold
 * @param activeBytes bytes held by the active ones
 */
public record PartialDownloadUsage(int count, int active, long bytes, long activeBytes) {
    public static final PartialDownloadUsage NONE = new PartialDownloadUsage(0, 0, 0, 0);

    /** What {@code system prune} could free now: the bytes of partial downloads nobody is writing. */
    public long reclaimableBytes() {
        return bytes - activeBytes;
    }
}
