package dev.stowage.core;

import dev.stowage.core.image.LabelFilter;
import dev.stowage.core.image.ReferencePattern;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists the store's images as {@code docker images} does: one {@link ImageSummary} per name,
 * newest image first (by the creation time in its config). Filters have docker's meanings and
 * all must hold; {@code reference} and {@code label} may be given several times (any reference
 * pattern, every label).
 *
 * <p>An image's age, for {@link #until}, {@link #before} and {@link #since},
 * counts from the later of the creation time in its config and the time it entered this store:
 * a reproducible build dates its image 1970-01-01 (or {@code SOURCE_DATE_EPOCH}) and a pulled
 * image may have been created years ago, yet neither is old the moment it arrives.
 *
 * <pre>{@code
 * List<ImageSummary> rows = images.list()
 *         .dangling(false)
 *         .reference("registry.example.com/team/*")
 *         .label("org.opencontainers.image.vendor=Acme")
 *         .until(Duration.ofDays(30))
 *         .call();
 * }</pre>
 */
public final class ListRequest {
    private final ImageStore store;
    private Boolean dangling;
    private String before;
    private String since;
    private final List<ReferencePattern> references = new ArrayList<>();
    private final List<LabelFilter> labels = new ArrayList<>();
    private Instant until;
    private Duration untilAge;

    ListRequest(ImageStore store) {
        this.store = store;
    }

    /** {@code true}: only images without a tag; {@code false}: only images with a tag or digest name. */
    public ListRequest dangling(boolean dangling) {
        this.dangling = dangling;
        return this;
    }

    /** Only images older than the image {@code reference} names (a name, digest or ID); see the class comment for age. */
    public ListRequest before(String reference) {
        this.before = Objects.requireNonNull(reference, "before");
        return this;
    }

    /** Only images newer than the image {@code reference} names (a name, digest or ID); see the class comment for age. */
    public ListRequest since(String reference) {
        this.since = Objects.requireNonNull(reference, "since");
        return this;
    }

    /**
     * Only names matching a docker glob on the familiar name or name:tag
     * ({@code nginx}, {@code nginx:1.*}, {@code 127.0.0.1:5000/*}); {@code *} does not cross {@code /}.
     *
     * @throws IllegalArgumentException if the pattern is malformed
     */
    public ListRequest reference(String pattern) {
        references.add(ReferencePattern.parse(pattern));
        return this;
    }

    /**
     * Only images with the label {@code key}, or with {@code key=value}.
     *
     * @throws IllegalArgumentException if the filter has no key
     */
    public ListRequest label(String filter) {
        labels.add(LabelFilter.parse(filter));
        return this;
    }

    /**
     * Only images whose age started at or before {@code instant}: created then or earlier, and in
     * this store since then or earlier.
     */
    public ListRequest until(Instant instant) {
        this.until = Objects.requireNonNull(instant, "until");
        this.untilAge = null;
        return this;
    }

    /**
     * Only images at least {@code age} old when the request runs, counted from the later of their
     * creation and their arrival in this store: an image built or pulled a minute ago is a minute old.
     */
    public ListRequest until(Duration age) {
        this.untilAge = Objects.requireNonNull(age, "until");
        this.until = null;
        return this;
    }

    /**
     * Runs the listing.
     *
     * @throws ImageNotFoundException if {@code before} or {@code since} names no image
     */
    public List<ImageSummary> call() {
        Optional<Instant> beforeTime = ageOf(before);
        Optional<Instant> sinceTime = ageOf(since);
        Optional<Instant> limit = untilAge != null ? Optional.of(Instant.now().minus(untilAge)) : Optional.ofNullable(until);
        List<ImageRecord> selected = new ArrayList<>();
        for (ImageRecord image : store.images()) {
            Instant age = ImageAge.since(image);
            if (beforeTime.isPresent() && !age.isBefore(beforeTime.get())
                    || sinceTime.isPresent() && !age.isAfter(sinceTime.get())
                    || limit.isPresent() && age.isAfter(limit.get())
                    || labels.stream().anyMatch(l -> !l.matches(image.labels()))
                    || dangling != null && dangling && !image.isDangling()
                    || dangling != null && !dangling && image.references().isEmpty()) {
                continue;
            }
            selected.add(image);
        }
        selected.sort(ImageAge.NEWEST_CREATED_FIRST);
        List<ImageSummary> rows = new ArrayList<>();
        for (ImageRecord image : selected) {
            rows.addAll(rowsOf(image));
        }
        return List.copyOf(rows);
    }

    private Optional<Instant> ageOf(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        ImageRecord image = store.resolve(reference).orElseThrow(() -> new ImageNotFoundException(reference));
        return Optional.of(ImageAge.since(image));
    }

    private List<ImageSummary> rowsOf(ImageRecord image) {
        List<ImageReference> names = image.references().stream()
                .filter(r -> references.isEmpty() || references.stream().anyMatch(p -> p.matches(r)))
                .toList();
        if (names.isEmpty()) {
            return references.isEmpty() ? List.of(summary(image, Optional.empty())) : List.of();
        }
        List<ImageReference> tagged = names.stream().filter(r -> r.tag().isPresent()).toList();
        List<ImageSummary> rows = new ArrayList<>();
        tagged.forEach(r -> rows.add(summary(image, Optional.of(r))));
        // a digest name is its own row only in a repository where the image has no tag, as docker shows it
        names.stream()
                .filter(r -> r.tag().isEmpty())
                .filter(r -> tagged.stream().noneMatch(t -> t.name().equals(r.name())))
                .forEach(r -> rows.add(summary(image, Optional.of(r))));
        return rows;
    }

    private static ImageSummary summary(ImageRecord image, Optional<ImageReference> name) {
        Digest id = image.id();
        return new ImageSummary(name, image.digest(), id, image.created(), image.size(), image.labels());
    }
}
