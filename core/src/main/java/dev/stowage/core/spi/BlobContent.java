package dev.stowage.core.spi;

import java.io.IOException;
import java.io.InputStream;

/**
 * Content to upload, readable again from any offset: an upload that fails half way continues
 * from where the registry says it stopped, without holding the blob in memory.
 *
 * <pre>{@code
 * BlobContent file = offset -> {
 *     InputStream in = Files.newInputStream(path);
 *     in.skipNBytes(offset);
 *     return in;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface BlobContent {

    /** A fresh stream positioned at {@code offset}; the caller closes it. */
    InputStream open(long offset) throws IOException;

    /**
     * Whether the streams check themselves against the blob's digest as they are read and fail
     * on a mismatch ({@link ImageSource#verifiesBlobs()}), so that a destination need not digest
     * them again only to check them.
     */
    default boolean verified() {
        return false;
    }
}
