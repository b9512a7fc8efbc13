package dev.stowage.core.transfer;

/**
 * What the blobs of one operation took, each blob counted once however many of its images share it.
 *
 * @param blobsCopied blobs whose bytes moved
 * @param blobsExisting blobs the destination had already
 * @param blobsMounted blobs a registry mounted from another of its repositories; no byte moved
 * @param bytesCopied blob bytes read from the sources (a resumed blob counts only what was missing;
 *     a chunk sent again after a failure counts twice)
 */
public record CopyTotals(int blobsCopied, int blobsExisting, int blobsMounted, long bytesCopied) {
}
