package dev.stowage.core;

import dev.stowage.core.image.ImageGraph;
import dev.stowage.core.image.LabelFilter;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.DeleteResult;
import dev.stowage.core.spi.GcReport;
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
import java.util.Optional;
import java.util.Set;

/**
 * Removes unused images as {@code docker image prune} does, then frees their blobs. By default
 * only dangling images (no tag) go; {@link #all()} takes every image; {@link #keepLast(int)}
 * takes every image except the newest {@code n} of each repository. {@link #until},
 * {@link #label} and {@link #labelNot} narrow the choice. An image a lease protects (a pull or
 * push in progress, in this or another process) is never removed, nor are blobs a lease
 * protects. The choice is made under the store's lock ({@link ImageStore#deleteChosen}), on the
 * images, names and leases of that instant: an image a pull names while the prune runs is judged
 * with its name, as docker's daemon, which holds its image store across a prune, judges it.
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
        return run(null).report();
    }

    /** What a prune did, with the collection that freed its space. */
    record Outcome(PruneReport report, Optional<GcReport> collection) {
    }

    /**
     * Prunes, then collects with {@code partialDownloadsBefore} as the limit for partial downloads
     * (null: the store's default). A dry run collects nothing.
     */
    Outcome run(Instant partialDownloadsBefore) {
        Instant limit = untilLimit();
        if (dryRun) {
            Set<Digest> leased = store.leasedDigests();
            Choice choice = choose(store.images(), leased, limit);
            return new Outcome(preview(choice.doomed(), choice.survivors(), leased), Optional.empty());
        }
        // Decided under the store's lock: a look taken before it could doom an image that a pull
        // in another process names (and whose lease it ends) before the delete.
        List<DeleteResult> results = store.deleteChosen((images, leased) ->
                choose(images, leased, limit).doomed().stream().map(ImageRecord::digest).toList());
        return prune(results, partialDownloadsBefore);
    }

    /** The images a prune takes and those it leaves. */
    private record Choice(List<ImageRecord> doomed, List<ImageRecord> survivors) {
    }

    private Choice choose(List<ImageRecord> stored, Set<Digest> leased, Instant limit) {
        List<ImageRecord> images = new ArrayList<>(stored);
        images.sort(ImageAge.YOUNGEST_FIRST);
        Set<Digest> newest = keepLast == null ? Set.of() : newestPerRepository(images, keepLast);
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
        return new Choice(doomed, survivors);
    }

    /** The until filter as an instant, or null when none was given. */
    Instant untilLimit() {
        return untilAge != null ? Instant.now().minus(untilAge) : until;
    }

    /** Whether a label filter was given. */
    boolean hasLabelFilter() {
        return !labels.isEmpty() || !labelsNot.isEmpty();
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

    private Outcome prune(List<DeleteResult> results, Instant partialDownloadsBefore) {
        List<Removal> removals = new ArrayList<>();
        List<Digest> deleted = new ArrayList<>();
        for (DeleteResult result : results) {
            result.untagged().forEach(r -> removals.add(new Removal(Removal.Kind.UNTAGGED, r.familiar())));
            result.deleted().forEach(id -> removals.add(new Removal(Removal.Kind.DELETED, id.toString())));
            deleted.addAll(result.deleted());
        }
        GcReport collected = partialDownloadsBefore == null ? store.gc() : store.gc(partialDownloadsBefore);
        return new Outcome(new PruneReport(removals, deleted, collected.bytesFreed(), false), Optional.of(collected));
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
