package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.util.List;

/**
 * The outcome of a docker-{@code rmi}-style delete: the references removed ({@code Untagged:})
 * and the IDs of the images removed from the index ({@code Deleted:}). Their blobs are freed by
 * the next {@link ImageStore#gc()}.
 */
public record DeleteResult(List<ImageReference> untagged, List<Digest> deleted) {
    public DeleteResult {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
