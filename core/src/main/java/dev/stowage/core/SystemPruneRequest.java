package dev.stowage.core;

import dev.stowage.core.spi.GcReport;
import dev.stowage.core.spi.ImageStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Frees everything the store holds that nothing needs, as {@code docker system prune} does for a
 * daemon: what {@link PruneRequest image prune} removes (dangling images; {@link #all()}: every
 * image not in use), then the partial downloads nobody is writing (those untouched since
 * {@link #until} when given; none when a label filter is given, as they carry no labels), the
 * leases of processes that ended without closing them, and every blob no image references.
 * Nothing a running pull or push protects is touched.
 *
 * <pre>{@code
 * SystemPruneReport report = images.systemPrune().all().until(Duration.ofDays(7)).call();
 * report.reclaimedBytes();
 * }</pre>
 */
public final class SystemPruneRequest {
    private final ImageStore store;
    private final PruneRequest images;

    SystemPruneRequest(ImageStore store) {
        this.store = store;
        this.images = new PruneRequest(store);
    }

    /** Every image not in use, not only dangling ones ({@code docker system prune -a}). */
    public SystemPruneRequest all() {
        images.all();
        return this;
    }

    /** Only images created, and partial downloads last written, at or before {@code instant}. */
    public SystemPruneRequest until(Instant instant) {
        images.until(instant);
        return this;
    }

    /** Only images created, and partial downloads last written, at least {@code age} ago. */
    public SystemPruneRequest until(Duration age) {
        images.until(age);
        return this;
    }

    /**
     * Only images with the label {@code key} (or {@code key=value}); repeatable.
     *
     * @throws IllegalArgumentException if the filter has no key
     */
    public SystemPruneRequest label(String filter) {
        images.label(filter);
        return this;
    }

    /**
     * Spares images with the label {@code key} (or {@code key=value}), as docker's {@code label!=}.
     *
     * @throws IllegalArgumentException if the filter has no key
     */
    public SystemPruneRequest labelNot(String filter) {
        images.labelNot(filter);
        return this;
    }

    public SystemPruneReport call() {
        Instant until = images.untilLimit();
        // partial downloads carry no labels: a label filter matches none of them
        Instant partialsBefore = images.hasLabelFilter() ? Instant.MIN : until != null ? until : Instant.MAX;
        PruneRequest.Outcome outcome = images.run(partialsBefore);
        GcReport collected = outcome.collection().orElseGet(() -> store.gc(partialsBefore));
        return new SystemPruneReport(outcome.report().removals(), outcome.report().deletedImages(),
                collected.removedPartialDownloads(), collected.removedLeases(), collected.removedBlobs().size(),
                collected.bytesFreed());
    }
}
