package dev.stowage.core.transfer;

import dev.stowage.core.model.Digest;
import java.util.Objects;

/**
 * One image a copier wrote.
 *
 * @param digest the digest of the manifest or index the destination's names now point at
 * @param unchanged whether the destination had it already under its name, so nothing was written
 */
public record CopiedImage(Digest digest, boolean unchanged) {
    public CopiedImage {
        Objects.requireNonNull(digest, "digest");
    }
}
