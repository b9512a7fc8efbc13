package dev.stowage.core.spi;

import java.util.Objects;

/**
 * A registry repository a blob is known to exist in, e.g. {@code docker.io} +
 * {@code library/nginx}; recorded at pull time so a push to the same registry can mount instead
 * of upload.
 */
public record BlobSource(String registry, String repository) {
    public BlobSource {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
    }
}
