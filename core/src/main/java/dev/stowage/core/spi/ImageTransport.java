package dev.stowage.core.spi;

import dev.stowage.core.ArchiveCompression;
import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.ProgressListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A kind of place images are copied from and to besides registries and the store, named by the
 * prefix skopeo uses: {@code oci} for {@code oci:DIR[:NAME]} (an OCI image layout directory),
 * {@code docker-archive} and {@code oci-archive} for {@code FILE[:REF]} (a tar of one or more
 * images, which {@code ImageManager.save} and {@code load} write and read whole through
 * {@link #openArchiveWriter} and {@link #openArchive}). Implementations register with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.stowage.core.spi.ImageTransport});
 * {@code ImageManager.copy} finds them by {@link #name()}.
 */
public interface ImageTransport {
    /** The prefix before the first colon: {@code oci}. */
    String name();

    /**
     * The image {@code name} at {@code path}.
     *
     * @param name the image's name there ({@code oci:DIR:NAME}), or null for the only image there
     * @throws dev.stowage.core.NotFoundException if there is no such image
     */
    ImageSource openSource(String path, String name, ProgressListener progress);

    /**
     * Writes an image to {@code path} under {@code name}, creating what is missing.
     *
     * @param name the name to give it, or null for none
     */
    ImageDestination openDestination(String path, String name, ProgressListener progress);

    /**
     * Opens an archive file of this kind to read every image in it (the {@code docker-archive}
     * transport reads OCI archives too, as {@code docker load} and {@code podman load} do).
     *
     * @param scratch where a temporary copy goes when one is needed (a compressed archive is
     *     decompressed there first)
     * @throws dev.stowage.core.InvalidArchiveException if it is not such an archive, is malformed
     *     or breaks a limit
     * @throws UnsupportedOperationException if this transport is not an archive format
     */
    default ImageArchiveReader openArchive(Path file, Path scratch, ArchiveLimits limits) {
        throw new UnsupportedOperationException(name() + ": is not an archive format");
    }

    /**
     * As {@link #openArchive(Path, Path, ArchiveLimits)}, from a stream that can be read once
     * (standard input): it is spooled to a temporary file in {@code scratch}, decompressed when
     * compressed, then read from there. The stream is read to its end, not closed.
     */
    default ImageArchiveReader openArchive(InputStream in, Path scratch, ArchiveLimits limits) {
        throw new UnsupportedOperationException(name() + ": is not an archive format");
    }

    /**
     * Starts writing an archive of this kind to {@code out}, compressed as asked.
     *
     * @throws UnsupportedOperationException if this transport is not an archive format
     */
    default ImageArchiveWriter openArchiveWriter(OutputStream out, ArchiveCompression compression) {
        throw new UnsupportedOperationException(name() + ": is not an archive format");
    }
}
