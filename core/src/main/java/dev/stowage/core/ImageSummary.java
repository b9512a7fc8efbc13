package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of {@code docker images}: an image under one of its names. An image tagged twice is
 * two rows; an image known only by digest ({@code app@sha256:…}) is a row with tag
 * {@value #NONE}; an image with no name at all (dangling) is one {@code <none>:<none>} row.
 *
 * @param reference the name this row shows: a tag, a digest reference, or empty when dangling
 * @param digest the image's manifest (or index) digest
 * @param id the image ID: its config digest
 * @param created the creation time in the image's config, if it has one
 * @param size bytes of every stored blob the image references
 * @param labels the config's labels
 */
public record ImageSummary(Optional<ImageReference> reference, Digest digest, Digest id, Optional<Instant> created,
                           long size, Map<String, String> labels) {
    /** What docker prints for a missing repository or tag. */
    public static final String NONE = "<none>";

    public ImageSummary {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        labels = Map.copyOf(labels);
    }

    /** The repository in docker's familiar form ({@code nginx}, {@code 127.0.0.1:5000/app}), or {@value #NONE}. */
    public String repository() {
        return reference.map(ImageReference::familiarName).orElse(NONE);
    }

    /** The tag, or {@value #NONE} for a digest reference or a dangling image. */
    public String tag() {
        return reference.flatMap(ImageReference::tag).orElse(NONE);
    }

    /** Whether the image has no name at all. */
    public boolean isDangling() {
        return reference.isEmpty();
    }
}
