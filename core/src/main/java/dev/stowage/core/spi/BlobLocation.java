package dev.stowage.core.spi;

import java.util.Objects;

/**
 * A registry repository a blob is known to be in, e.g. {@code registry.example.com} +
 * {@code team/app}: learnt from every copy that read or wrote the blob there, so that a later copy
 * to another repository of the same registry can mount it instead of uploading it.
 */
public record BlobLocation(String registry, String repository) {
    public BlobLocation {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
    }

    @Override
    public String toString() {
        return registry + "/" + repository;
    }
}
