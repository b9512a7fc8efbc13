package dev.stowage.core.spi;

import dev.stowage.core.ProgressListener;

/**
 * A kind of place images are copied from and to besides registries and the store, named by the
 * prefix skopeo uses: {@code oci} for {@code oci:DIR[:NAME]} (an OCI image layout directory),
 * later {@code docker-archive} and {@code oci-archive}. Implementations register with
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
}
