package dev.stowage.core;

import dev.stowage.core.spi.ImageRecord;
import java.time.Instant;
import java.util.Comparator;

/**
 * How old an image is, for every filter that asks (list's {@code until}, {@code before} and
 * {@code since}; prune's {@code until} and {@code keepLast}): counted from the later of
 * the creation time in its config and the time it entered this store. A reproducible build dates
 * its image at the epoch or at {@code SOURCE_DATE_EPOCH}, and an image pulled today may have been
 * created years ago; neither is old here, so no filter meant for old images takes an image that
 * just arrived.
 */
final class ImageAge {
    /** Youngest first, by age; ties by store time, then digest, so the order is stable. */
    static final Comparator<ImageRecord> YOUNGEST_FIRST = Comparator.comparing(ImageAge::since)
            .thenComparing(ImageRecord::stored)
            .reversed()
            .thenComparing(ImageRecord::digest);

    /**
     * The order images are shown in, as {@code docker images} shows them: newest creation time
     * first (images without one last), ties by store time, then digest. Only shown: every
     * choice by age uses {@link #YOUNGEST_FIRST}.
     */
    static final Comparator<ImageRecord> NEWEST_CREATED_FIRST = Comparator
            .comparing((ImageRecord image) -> image.created().orElse(Instant.EPOCH))
            .thenComparing(ImageRecord::stored)
            .reversed()
            .thenComparing(ImageRecord::digest);

    private ImageAge() {
    }

    /** When the image's age starts: the later of its creation time (if any) and its store time. */
    static Instant since(ImageRecord image) {
        Instant stored = image.stored();
        return image.created().filter(c -> c.isAfter(stored)).orElse(stored);
    }
}
