package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest or index as a registry served it, parsed and validated, its bytes kept as received
 * and their digest checked against the one asked for.
 *
 * @param rateLimit the registry's pull allowance, when it announced one (Docker Hub)
 */
public record RemoteManifest(ManifestDocument document, Optional<RateLimit> rateLimit) {

    public RemoteManifest {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    public Digest digest() {
        return document.digest();
    }

    public String mediaType() {
        return document.mediaType();
    }

    /** The bytes as received (a copy). */
    public byte[] raw() {
        return document.raw();
    }

    public long size() {
        return document.size();
    }
}
