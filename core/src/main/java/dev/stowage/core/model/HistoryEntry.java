package dev.stowage.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of an image's build history, as {@code docker history} shows it. Absent strings read
 * as {@code ""}. {@code emptyLayer} marks a step that changed no files (an {@code ENV}, a
 * {@code CMD}) and so has no layer; see {@link ImageConfig#historyWithLayers()} for the pairing
 * of the other steps with their layers.
 *
 * <pre>{@code
 * new HistoryEntry(Optional.of(Instant.now()), "COPY app.jar /app/", "", "", false)
 * }</pre>
 */
public record HistoryEntry(Optional<Instant> created, String createdBy, String author, String comment, boolean emptyLayer) {
    public HistoryEntry {
        Objects.requireNonNull(created, "created");
        createdBy = Objects.requireNonNullElse(createdBy, "");
        author = Objects.requireNonNullElse(author, "");
        comment = Objects.requireNonNullElse(comment, "");
    }
}
