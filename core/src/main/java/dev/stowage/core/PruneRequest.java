package dev.stowage.core;

import dev.stowage.core.image.ImageGraph;
import dev.stowage.core.image.LabelFilter;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.DeleteResult;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Removes unused images as {@code docker image prune} does, then frees their blobs. By default
 * only dangling images (no tag) go; {@link #all()} takes every image; {@link #keepLast(int)}
 * takes every image except the newest {@code n} of each repository. {@link #until},
 * {@link #label} and {@link #labelNot} narrow the choice. An image a lease protects (a pull or
 * push in progress, in this or another process) is never removed, nor are blobs a lease
 * protects.
 *
 * <p>An image's age, for {@link #until} and {@link #keepLast}, counts from the later of the
 * creation time in its config and the time it entered this store, so an image just built (dated
 * 1970-01-01 by a reproducible build) or just pulled (created long ago) is never taken as old.
 *
 * <pre>{@code
 * PruneReport report = images.prune().keepLast(5).call();     // keep the last 5 versions of each repository
 * PruneReport old = images.prune().all().until(Duration.ofDays(30)).dryRun().call();
 * old.reclaimedBytes();
 * }</pre>
 */
public final class PruneRequest {
    private final ImageStore store;
    private boolean all;
    private Integer keepLast;
    private Instant until;
    private Duration untilAge;
    private final List<LabelFilter> labels = new ArrayList<>();
    private final List<LabelFilter> labelsNot = new ArrayList<>();
    private boolean dryRun;

    PruneRequest(ImageStore store) {
        this.store = store;
    }

    /** Every image, tagged or not ({@code docker image prune -a}). */
    public PruneRequest all() {
        this.all = true;
        return this;
    }

    /**
     * Every image except the {@code n} newest of each repository it is tagged in (by age: the later
     * of creation and arrival in this store); an image among the newest {@code n} of any of its
     * repositories stays. Dangling images go too.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public PruneRequest keepLast(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("keepLast must be 0 or more, was " + n);
        }
        this.keepLast = n;
        return this;
    }

    /**
     * Only images whose age started at or before {@code instant}: created then or earlier, and in
     * this store since then or earlier.
     */
    public PruneRequest until(Instant instant) {
        this.until = Objects.requireNonNull(instant, "until");
        this.untilAge = null;
        return this;
    }

    /**
     * Only images at least {@code age} old when the request runs, counted from the later of their
     * creation and their arrival in this store: an image built or pulled a minute ago is a minute old.
     */
    public PruneRequest until(Duration age) {
        this.untilAge = Objects.requireNonNull(age, "until");
        this.until = null;
        return this;
    }

    /**
     * Only images with the label {@code key} (or {@code key=value}); repeatable, every one must match.
     *
     * @throws IllegalArgumentException if the filter has no key
     */
    public PruneRequest label(String filter) {
        labels.add(LabelFilter.parse(filter));
        return this;
    }

    /**
     * Spares images with the label {@code key} (or {@code key=value}), as docker's {@code label!=};
     * repeatable: an image is spared when it matches every one.
     *
     * @throws IllegalArgumentException if the filter has no key
     */
    public PruneRequest labelNot(String filter) {
        labelsNot.add(LabelFilter.parse(filter));
        return this;
    }

    /** Reports what would be removed and freed, changing nothing. */
    public PruneRequest dryRun() {
        this.dryRun = true;
        return this;
    }

    public PruneReport call() {
        List<ImageRecord> images = new ArrayList<>(store.images());
        images.sort(ImageAge.YOUNGEST_FIRST);
        Set<Digest> leased = store.leasedDigests();
        Set<Digest> newest = keepLast == null ? Set.of() : newestPerRepository(images, keepLast);
        Instant limit = untilAge != null ? Instant.now().minus(untilAge) : until;
        List<ImageRecord> doomed = new ArrayList<>();
        List<ImageRecord> survivors = new ArrayList<>();
        for (ImageRecord image : images) {
            boolean chosen = !leased.contains(image.digest())
                    && (image.isDangling() || all || keepLast != null)
                    && !newest.contains(image.digest())
                    && (limit == null || !ImageAge.since(image).isAfter(limit))
                    && labels.stream().allMatch(l -> l.matches(image.labels()))
                    && (labelsNot.isEmpty() || !labelsNot.stream().allMatch(l -> l.matches(image.labels())));
            (chosen ? doomed : survivors).add(image);
        }
        // docker deletes an image by ID: spare an image sharing its ID with one that stays
        Set<Digest> keptIds = new HashSet<>();
        survivors.forEach(s -> keptIds.add(s.id()));
        List<ImageRecord> spared = doomed.stream().filter(d -> keptIds.contains(d.id())).toList();
        doomed.removeAll(spared);
        survivors.addAll(spared);
        return dryRun ? preview(doomed, survivors, leased) : prune(doomed);
    }

    private static Set<Digest> newestPerRepository(List<ImageRecord> newestFirst, int n) {
        Map<String, List<Digest>> byRepository = new LinkedHashMap<>();
        for (ImageRecord image : newestFirst) {
            for (ImageReference tag : image.tags()) {
                List<Digest> repo = byRepository.computeIfAbsent(tag.name(), k -> new ArrayList<>());
                if (!repo.contains(image.digest())) {
                    repo.add(image.digest());
                }
            }
        }
        Set<Digest> newest = new HashSet<>();
        byRepository.values().forEach(repo -> newest.addAll(repo.subList(0, Math.min(n, repo.size()))));
        return newest;
    }

    private PruneReport prune(List<ImageRecord> doomed) {
        List<Removal> removals = new ArrayList<>();
        List<Digest> deleted = new ArrayList<>();
        for (ImageRecord image : doomed) {
            DeleteResult result;
            try {
                result = store.delete(image.digest().toString(), true);
            } catch (ImageNotFoundException | ImageConflictException changedMeanwhile) {
                continue; // another process removed or retagged it: nothing of ours to do
            }
            result.untagged().forEach(r -> removals.add(new Removal(Removal.Kind.UNTAGGED, r.familiar())));
            result.deleted().forEach(id -> removals.add(new Removal(Removal.Kind.DELETED, id.toString())));
            deleted.addAll(result.deleted());
        }
        return new PruneReport(removals, deleted, store.gc().bytesFreed(), false);
    }

    private PruneReport preview(List<ImageRecord> doomed, List<ImageRecord> survivors, Set<Digest> leased) {
        List<Removal> removals = new ArrayList<>();
        List<Digest> deleted = new ArrayList<>();
        ImageGraph graph = new ImageGraph(store);
        Set<Digest> freed = new HashSet<>();
        for (ImageRecord image : doomed) {
            image.references().forEach(r -> removals.add(new Removal(Removal.Kind.UNTAGGED, r.familiar())));
            removals.add(new Removal(Removal.Kind.DELETED, image.id().toString()));
            deleted.add(image.id());
            freed.addAll(graph.closure(image.digest()));
        }
        survivors.forEach(s -> freed.removeAll(graph.closure(s.digest())));
        freed.removeAll(leased);
        long bytes = graph.size(freed) + store.diskUsage().unreferencedBytes();
        return new PruneReport(removals, deleted, bytes, true);
    }
}
