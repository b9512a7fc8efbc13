package dev.stowage.core.build;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import java.util.Objects;

/**
 * A layer already written into a store, ready to be added to images with
 * {@link ImageBuilder#layer(StoredLayer, String, String)}.
 *
 * @param descriptor the compressed blob as a manifest lists it
 * @param diffId the digest of the uncompressed tar, as the config's {@code rootfs} lists it
 */
public record StoredLayer(Descriptor descriptor, Digest diffId) {
    public StoredLayer {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(diffId, "diffId");
    }
}
