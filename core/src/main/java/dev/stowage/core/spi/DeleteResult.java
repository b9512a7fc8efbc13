package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.util.List;

/**
 * The outcome of a docker-{@code rmi}-style delete: the references removed ({@code Untagged:})
 * and the images removed from the index ({@code Deleted:}, by manifest digest). Blobs are freed
 * by the next {@link ImageStore#gc()}.
 */
public record DeleteResult(List<String> untagged, List<Digest> deleted) {
    public DeleteResult {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
