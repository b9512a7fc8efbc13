package dev.stowage.registry.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One {@code [[registry]]} table of {@code registries.conf}.
 *
 * @param prefix the names it applies to: {@code host[:port][/namespace…]}, or {@code *.domain} for every host under it
 * @param location where those names really live (the prefix replaced by it); empty for a wildcard prefix
 * @param insecure plain HTTP, and TLS without verifying the certificate, are allowed
 * @param blocked nothing may be pulled or pushed under the prefix
 * @param mirrorByDigestOnly mirrors serve only pulls by digest
 * @param mirrors where pulls look first, in order
 * @param source the file that defined it, for messages
 */
public record RegistryEntry(String prefix, String location, boolean insecure, boolean blocked,
                            boolean mirrorByDigestOnly, List<Mirror> mirrors, Path source) {
    public RegistryEntry {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(location, "location");
        mirrors = List.copyOf(mirrors);
        Objects.requireNonNull(source, "source");
    }

    /** Whether the prefix is a wildcard ({@code *.example.com}). */
    public boolean isWildcard() {
        return prefix.startsWith("*.");
    }

    /**
     * One {@code [[registry.mirror]]} table.
     *
     * @param location the mirror's {@code host[:port][/namespace…]}, standing for the registry's location
     * @param insecure plain HTTP and unverified TLS are allowed for the mirror
     * @param pullFromMirror {@code all}, {@code digest-only} or {@code tag-only}: which pulls the mirror serves
     */
    public record Mirror(String location, boolean insecure, String pullFromMirror) {
        public Mirror {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(pullFromMirror, "pullFromMirror");
        }
    }
}
