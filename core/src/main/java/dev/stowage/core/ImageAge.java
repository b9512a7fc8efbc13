package dev.stowage.core;

import dev.stowage.core.spi.ImageRecord;
import java.time.Instant;
import java.util.Comparator;

/**
 * How old an image is, for every filter and order that asks (list's {@code until}, {@code before},
 * {@code since} and order; prune's {@code until} and {@code keepLast}): counted from the later of
 * the creation time in its config and the time it entered this store. A reproducible build dates
 * its image at the epoch or at {@code SOURCE_DATE_EPOCH}, and an image pulled today may have been
 * created years ago; neither is old here, so no filter meant for old images takes an image that
 * just arrived.
 */
final class ImageAge {
    /** Newest first; ties by store time, then digest, so the order is stable. */
    static final Comparator<ImageRecord> NEWEST_FIRST = Comparator.comparing(ImageAge::since)
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
