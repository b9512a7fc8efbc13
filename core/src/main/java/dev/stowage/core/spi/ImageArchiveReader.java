package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.util.List;
import java.util.Optional;

/**
 * An archive opened for reading (a {@code docker save} or OCI archive tar): the images it holds,
 * each with its names and a source the copier reads it from. The sources read the open archive;
 * closing the reader closes them and deletes what reading needed (an archive from a stream or a
 * compressed one is spooled to a temporary file).
 *
 * <pre>{@code
 * try (ImageArchiveReader archive = transport.openArchive(file, scratch, ArchiveLimits.DEFAULT)) {
 *     for (ArchivedImage image : archive.images()) {
 *         copier.copy(archive.description(), image.source(), StoreDestination.named(store, image.names()), choice);
 *     }
 * }
 * }</pre>
 */
public interface ImageArchiveReader extends AutoCloseable {
    /** The archive, for messages: {@code docker-archive:/tmp/app.tar}. */
    String description();

    /** The images, in the archive's order, each once however many names it has. */
    List<ArchivedImage> images();

    /**
     * The entry a blob is read from ({@code 6e77…/layer.tar}), so that a failure to verify the
     * blob can name it; empty for a digest the archive does not hold.
     */
    Optional<String> entryOf(Digest blob);

    /** Closes the archive and deletes its temporary copy, if it made one. */
    @Override
    void close();
}
