package dev.stowage.core.build;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import java.util.Objects;

/**
 * An index the {@link IndexBuilder} wrote into a store.
 *
 * @param digest the index's digest, what {@code name@sha256:…} pins
 */
public record BuiltIndex(Digest digest, ImageIndex index) {
    public BuiltIndex {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(index, "index");
    }
}
