package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image in a store, as listed and resolved.
 *
 * @param digest the manifest (or index) digest: what the store's index points to
 * @param mediaType the manifest's media type
 * @param id the image ID as docker shows it: the config digest of the image's manifest (for an
 *     index, of its only stored platform manifest; the index digest when several are stored)
 * @param references every full reference of the image: tags ({@code docker.io/library/nginx:1.21})
 *     and digest references ({@code docker.io/library/nginx@sha256:…}); empty for a dangling image
 * @param created the creation time in the image config, if it has one (for an index, the config of the platform
 *     manifest {@code PlatformSelector.representative} chooses, the one {@code inspect} shows)
 * @param stored when this store first recorded the image
 * @param lastTagged when a reference was last added to it, if known
 * @param lastUsed when it was last marked used, if ever
 * @param size bytes of every stored blob the image references (manifests, config, layers)
 * @param labels the config's labels (for an index, as {@code created})
 * @param platform the image's platform, from its config (for an index, of its only stored platform manifest)
 */
public record ImageRecord(Digest digest, String mediaType, Digest id, List<ImageReference> references,
                          Optional<Instant> created, Instant stored, Optional<Instant> lastTagged,
                          Optional<Instant> lastUsed, long size, Map<String, String> labels,
                          Optional<Platform> platform) {
    public ImageRecord {
        references = List.copyOf(references);
        labels = Map.copyOf(labels);
    }

    /** References with a tag. */
    public List<ImageReference> tags() {
        return references.stream().filter(r -> r.tag().isPresent()).toList();
    }

    /** References pinned by digest ({@code name@sha256:…}). */
    public List<ImageReference> repoDigests() {
        return references.stream().filter(r -> r.tag().isEmpty() && r.digest().isPresent()).toList();
    }

    /** Whether the image has no tag (docker's {@code <none>:<none>}). */
    public boolean isDangling() {
        return tags().isEmpty();
    }
}
