package dev.stowage.store;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.DiskUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store's disk usage with docker {@code system df -v} semantics: each image's size, the part it
 * shares with other images and the part only it uses; bytes no image references and no lease
 * protects (what a collection frees now); bytes that removing every image would free. Read
 * without the store's lock, as {@code df} reads: a writer is never held up by it.
 */
final class DiskUsageCalculator {
    private final StoreEngine store;

    DiskUsageCalculator(StoreEngine store) {
        this.store = store;
    }

    DiskUsage calculate() {
        LayoutIndex index = store.readIndex();
        Set<Digest> leased = store.leasedDigests();
        Reachability graph = new Reachability(store::manifestBytes);
        Map<Digest, Long> sizes = new HashMap<>();
        long total = 0;
        for (Digest d : store.blobs.list()) {
            long s = store.blobs.size(d).orElse(0);
            sizes.put(d, s);
            total += s;
        }
        Map<Digest, Set<Digest>> closures = new LinkedHashMap<>();
        for (LayoutIndex.Entry e : index.entries()) {
            closures.computeIfAbsent(e.digest(), graph::fromImage);
        }
        Map<Digest, Integer> users = new HashMap<>();
        closures.values().forEach(c -> c.forEach(d -> users.merge(d, 1, Integer::sum)));
        List<DiskUsage.ImageUsage> rows = new ArrayList<>();
        for (Map.Entry<Digest, Set<Digest>> c : closures.entrySet()) {
            long size = 0;
            long shared = 0;
            for (Digest d : c.getValue()) {
                long s = sizes.getOrDefault(d, 0L);
                size += s;
                if (users.get(d) > 1) {
                    shared += s;
                }
            }
            rows.add(new DiskUsage.ImageUsage(c.getKey(), size, shared, size - shared));
        }
        Set<Digest> leasedClosure = new HashSet<>();
        leased.forEach(d -> leasedClosure.addAll(graph.fromLeased(d)));
        Set<Digest> referenced = new HashSet<>(leasedClosure);
        closures.values().forEach(referenced::addAll);
        long unreferenced = sizes.entrySet().stream().filter(e -> !referenced.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        long kept = leasedClosure.stream().mapToLong(d -> sizes.getOrDefault(d, 0L)).sum();
        return new DiskUsage(total, rows, unreferenced, total - kept);
    }
}
