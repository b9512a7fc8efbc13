package dev.stowage.core.spi;

import dev.stowage.core.reference.ImageReference;
import java.util.List;

/**
 * An archive being written to a stream: several images, each copied into the destination
 * {@link #add} returns, their blobs each written once, then the lists that name them
 * ({@code manifest.json}, {@code index.json}) by {@link #finish()}. Blobs are streamed into the
 * tar as the copier hands them over, one at a time and in order
 * ({@link ImageDestination#writesInOrder()}): nothing is staged in memory or on disk.
 *
 * <pre>{@code
 * try (ImageArchiveWriter archive = transport.openArchiveWriter(out, ArchiveCompression.NONE)) {
 *     copier.copy("app:1", source, archive.add(List.of(ImageReference.parse("app:1"))), choice);
 *     archive.finish();
 * }
 * }</pre>
 */
public interface ImageArchiveWriter extends AutoCloseable {
    /**
     * A destination for one more image, which the archive names {@code names} (none: saved
     * untagged, loaded by ID).
     */
    ImageDestination add(List<ImageReference> names);

    /** Writes what lists the images and ends the archive (and its compression); the stream stays open. */
    void finish();

    /** Releases the writer; without {@link #finish()} what was written is no archive. The stream stays open. */
    @Override
    void close();
}
