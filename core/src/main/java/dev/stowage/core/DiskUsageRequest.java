package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.DiskUsage;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures the store as {@code docker system df} does: image count, images in use, total size,
 * reclaimable size, and per image ({@code -v}) its size, the part shared with other images and
 * the part only it uses.
 *
 * <pre>{@code
 * DiskUsageReport df = images.diskUsage().call();
 * df.reclaimableBytes();
 * }</pre>
 */
public final class DiskUsageRequest {
    private final ImageStore store;

    DiskUsageRequest(ImageStore store) {
        this.store = store;
    }

    public DiskUsageReport call() {
        DiskUsage usage = store.diskUsage();
        Map<Digest, DiskUsage.ImageUsage> byDigest = usage.images().stream()
                .collect(Collectors.toMap(DiskUsage.ImageUsage::digest, Function.identity(), (a, b) -> a));
        List<ImageRecord> images = new ArrayList<>(store.images());
        images.sort(ImageAge.NEWEST_CREATED_FIRST);
        Set<Digest> leased = store.leasedDigests();
        List<DiskUsageReport.ImageUsage> rows = new ArrayList<>();
        int active = 0;
        for (ImageRecord image : images) {
            if (leased.contains(image.digest())) {
                active++;
            }
            DiskUsage.ImageUsage u = byDigest.getOrDefault(image.digest(),
                    new DiskUsage.ImageUsage(image.digest(), image.size(), 0, image.size()));
            rows.add(new DiskUsageReport.ImageUsage(image.tags().stream().findFirst(), image.id(), image.digest(),
                    image.created(), u.size(), u.sharedSize(), u.uniqueSize()));
        }
        return new DiskUsageReport(images.size(), active, usage.totalBytes(), usage.reclaimableBytes(), rows);
    }
}
