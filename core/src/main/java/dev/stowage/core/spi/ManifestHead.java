package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@code HEAD} on a manifest tells without transferring it: enough to decide whether a
 * pull has anything to do.
 */
public record ManifestHead(Digest digest, String mediaType, long size, Optional<RateLimit> rateLimit) {

    public ManifestHead {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }
}
