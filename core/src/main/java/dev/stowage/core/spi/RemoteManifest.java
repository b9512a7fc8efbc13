package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest or index as a registry served it: the raw bytes (never re-serialised, so the
 * digest holds), their media type, and the digest verified over them.
 *
 * @param rateLimit the registry's pull allowance, when it announced one (Docker Hub)
 */
public record RemoteManifest(Digest digest, String mediaType, byte[] raw, Optional<RateLimit> rateLimit) {

    public RemoteManifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        raw = raw.clone();
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** A copy of the bytes as received. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public long size() {
        return raw.length;
    }
}
