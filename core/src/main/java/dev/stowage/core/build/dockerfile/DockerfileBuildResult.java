package dev.stowage.core.build.dockerfile;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.reference.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * What a Dockerfile build made.
 *
 * @param image the image written into the store
 * @param tags the references now naming it (none: the image is dangling, found by its ID)
 * @param layersWritten layers the build wrote
 * @param layersCached layers the build took from the build cache instead
 * @param warnings what the build warned about (also reported to the progress listener)
 */
public record DockerfileBuildResult(BuiltImage image, List<ImageReference> tags, int layersWritten, int layersCached,
        List<String> warnings) {
    public DockerfileBuildResult {
        Objects.requireNonNull(image, "image");
        tags = List.copyOf(tags);
        warnings = List.copyOf(warnings);
    }
}
