package dev.stowage.store;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.GcReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A store's garbage collection, mark and sweep from the index: deletes every blob that no image
 * in the index reaches and no live lease protects (of this process or another), temporary files
 * of writers that died, and partial downloads nobody is writing that are done or stale; forgets
 * Stowage's facts about images and blobs that are gone. Mark and sweep run under the store's lock,
 * so a writer never sees a blob vanish between its check and its tag.
 */
final class GarbageCollector {
    /** How long a partial download nobody is writing stays resumable. */
    static final Duration STALE_INGEST = Duration.ofHours(1);

    private final StoreEngine store;

    GarbageCollector(StoreEngine store) {
        this.store = store;
    }

    GcReport collect() {
        record Swept(List<Digest> removed, long bytes, int temporaries) {
        }
        Swept swept = store.lock.call(() -> {
            LayoutIndex index = store.readIndex();
            Set<Digest> live = reachable(index, store.leases.live(), new Reachability(store::manifestBytes));
            List<Digest> removed = new ArrayList<>();
            long bytes = 0;
            for (Digest d : store.blobs.list()) {
                if (!live.contains(d)) {
                    bytes += store.blobs.delete(d);
                    removed.add(d);
                }
            }
            forgetRemoved(index);
            return new Swept(removed, bytes, store.removeTemporaries());
        });
        BlobStorage.Cleanup cleanup = store.blobs.cleanIngests(store.clock.instant().minus(STALE_INGEST));
        return new GcReport(swept.removed(), swept.bytes() + cleanup.bytes(), cleanup.files() + swept.temporaries());
    }

    /**
     * Deletes those of {@code digests} that no image reaches and no lease protects: what a failed
     * load wrote is taken back without sweeping anything else. Returns how many were deleted.
     */
    int removeUnreferenced(Collection<Digest> digests) {
        if (digests.isEmpty()) {
            return 0;
        }
        return store.lock.call(() -> {
            LayoutIndex index = store.readIndex();
            Set<Digest> live = reachable(index, store.leases.live(), new Reachability(store::manifestBytes));
            int removed = 0;
            for (Digest d : digests) {
                if (!live.contains(d) && store.blobs.has(d)) {
                    store.blobs.delete(d);
                    removed++;
                }
            }
            if (removed > 0) {
                forgetRemoved(index);
            }
            return removed;
        });
    }

    /** Drops metadata about images no longer in {@code index} and blobs no longer stored. Under the lock. */
    void forgetRemoved(LayoutIndex index) {
        StoreMetadata md = store.readMetadata();
        Set<Digest> images = new HashSet<>();
        index.entries().forEach(e -> images.add(e.digest()));
        StoreMetadata kept = md.retain(images::contains, store.blobs::has);
        if (!kept.equals(md)) {
            store.writeMetadata(kept);
        }
    }

    private static Set<Digest> reachable(LayoutIndex index, Set<Digest> leased, Reachability graph) {
        Set<Digest> live = new HashSet<>();
        for (LayoutIndex.Entry e : index.entries()) {
            if (!live.contains(e.digest())) {
                live.addAll(graph.fromImage(e.digest()));
            }
        }
        for (Digest d : leased) {
            if (!live.contains(d)) {
                live.addAll(graph.fromLeased(d));
            }
        }
        return live;
    }
}
