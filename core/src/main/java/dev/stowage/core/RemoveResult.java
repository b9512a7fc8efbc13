package dev.stowage.core;

import java.util.List;

/**
 * What {@link RemoveRequest#call()} removed.
 *
 * @param removals the {@code Untagged:} and {@code Deleted:} lines, in order
 * @param reclaimedBytes bytes freed on disk by collecting the blobs no image references any more
 */
public record RemoveResult(List<Removal> removals, long reclaimedBytes) {
    public RemoveResult {
        removals = List.copyOf(removals);
    }
}
