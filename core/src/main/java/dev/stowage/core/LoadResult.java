package dev.stowage.core;

import java.util.List;

/**
 * What a load did. Blob counts cover the whole archive, each blob once.
 *
 * @param images every image loaded, in the archive's order
 * @param blobsStored blobs written into the store
 * @param blobsExisting blobs the store had already
 * @param bytesStored bytes written into the store
 */
public record LoadResult(List<LoadedImage> images, int blobsStored, int blobsExisting, long bytesStored) {
    public LoadResult {
        images = List.copyOf(images);
    }
}
