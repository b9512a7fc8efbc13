package dev.stowage.core;

import dev.stowage.core.model.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image's build history as {@code docker history} shows it: one step per config history
 * entry, newest first; the newest step carries the image ID, older ones show {@code <missing>}.
 *
 * @param id the image ID
 * @param steps newest first
 */
public record ImageHistory(Digest id, List<Step> steps) {
    public ImageHistory {
        Objects.requireNonNull(id, "id");
        steps = List.copyOf(steps);
    }

    /**
     * One build step.
     *
     * @param image the image ID on the newest step; empty on older ones (docker's {@code <missing>})
     * @param created when the step ran, if recorded
     * @param createdBy the command, e.g. {@code COPY app.jar /app/ # buildkit}
     * @param size the stored (compressed) size of the layer the step made; 0 for a step without a layer
     * @param comment the step's comment
     * @param layer the layer's DiffID, empty for a step that made no layer
     */
    public record Step(Optional<Digest> image, Optional<Instant> created, String createdBy, long size, String comment,
                       Optional<Digest> layer) {
        public Step {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(createdBy, "createdBy");
            Objects.requireNonNull(comment, "comment");
            Objects.requireNonNull(layer, "layer");
        }
    }
}
