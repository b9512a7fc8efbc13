package dev.stowage.core;

import dev.stowage.core.model.Digest;
import java.util.List;

/**
 * What {@link PruneRequest#call()} removed, or with {@code dryRun()} would remove.
 *
 * @param removals the {@code Untagged:} and {@code Deleted:} lines, in order
 * @param deletedImages the IDs of the images deleted
 * @param reclaimedBytes bytes freed on disk (the garbage collection's measure); for a dry run,
 *     the bytes a real run would free now
 * @param dryRun whether nothing was changed
 */
public record PruneReport(List<Removal> removals, List<Digest> deletedImages, long reclaimedBytes, boolean dryRun) {
    public PruneReport {
        removals = List.copyOf(removals);
        deletedImages = List.copyOf(deletedImages);
    }
}
