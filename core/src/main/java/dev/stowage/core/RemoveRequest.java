package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.DeleteResult;
import dev.stowage.core.spi.ImageStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes images with {@code docker rmi} rules, in the order given: a name is untagged, and the
 * image is deleted when its last tag goes (its other tags survive otherwise); an image named by
 * ID is deleted with all its names, which needs {@link #force()} if it is tagged in several
 * repositories. Blobs no image references any more are then freed.
 *
 * <pre>{@code
 * RemoveResult r = images.remove("app:1", "app:2").call();
 * r.removals().forEach(System.out::println);   // Untagged: app:1 … Deleted: sha256:…
 * }</pre>
 */
public final class RemoveRequest {
    private final ImageStore store;
    private final List<String> references;
    private boolean force;

    RemoveRequest(ImageStore store, List<String> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("no image to remove; give at least one name, digest or ID");
        }
        references.forEach(r -> {
            if (r == null || r.isBlank()) {
                throw new IllegalArgumentException("image reference is empty; give a name, digest or ID");
            }
        });
        this.store = store;
        this.references = List.copyOf(references);
    }

    /** Deletes an image named by ID even if it is tagged in several repositories, and skips names that match nothing (as {@code rmi -f}). */
    public RemoveRequest force() {
        this.force = true;
        return this;
    }

    /**
     * Removes the images. A failure stops the request; what was removed before it stays removed.
     *
     * @throws ImageNotFoundException if a name matches nothing (unless forced)
     * @throws dev.stowage.core.ImageConflictException if a delete needs {@link #force()}, or an ID prefix is ambiguous
     */
    public RemoveResult call() {
        List<Removal> removals = new ArrayList<>();
        boolean deletedAny = false;
        for (String reference : references) {
            DeleteResult result;
            try {
                result = store.delete(reference, force);
            } catch (ImageNotFoundException e) {
                if (force) {
                    continue;
                }
                throw e;
            }
            result.untagged().forEach(r -> removals.add(new Removal(Removal.Kind.UNTAGGED, r.familiar())));
            for (Digest id : result.deleted()) {
                removals.add(new Removal(Removal.Kind.DELETED, id.toString()));
                deletedAny = true;
            }
        }
        long reclaimed = deletedAny ? store.gc().bytesFreed() : 0;
        return new RemoveResult(removals, reclaimed);
    }
}
