package dev.stowage.store;

import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.InvalidManifestException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The content graph of a store: from a root (an image's manifest or index, or a leased digest)
 * to everything it references, following index → manifests → config + layers. Children of an
 * index that were never fetched are part of the closure but simply absent.
 */
final class Reachability {
    private final Function<Digest, Optional<byte[]>> manifestBytes;
    private final Map<Digest, ManifestLinks> parsed = new HashMap<>();

    /** @param manifestBytes reads a stored blob that may be a manifest; empty if absent or too large */
    Reachability(Function<Digest, Optional<byte[]>> manifestBytes) {
        this.manifestBytes = manifestBytes;
    }

    /**
     * Everything reachable from an image root, the root included.
     *
     * @throws StowageException if a stored manifest on the way cannot be parsed: a collection must
     *     then stop rather than sweep what it cannot see
     */
    Set<Digest> fromImage(Digest root) {
        return walk(root, true);
    }

    /** Everything reachable from a leased digest, which may be any blob (followed only if it is a manifest). */
    Set<Digest> fromLeased(Digest root) {
        return walk(root, false);
    }

    /** The parsed links of a stored manifest, if it is one. */
    Optional<ManifestLinks> links(Digest manifest, boolean mustBeManifest) {
        if (parsed.containsKey(manifest)) {
            return Optional.ofNullable(parsed.get(manifest));
        }
        Optional<byte[]> raw = manifestBytes.apply(manifest);
        ManifestLinks l = null;
        if (raw.isPresent()) {
            try {
                l = mustBeManifest ? ManifestLinks.parse(raw.get()) : ManifestLinks.sniff(raw.get());
            } catch (InvalidManifestException e) {
                throw new StowageException("stored manifest " + manifest + " cannot be read (" + e.getMessage()
                        + "); run verify to find out which image is damaged", e);
            }
        }
        parsed.put(manifest, l);
        return Optional.ofNullable(l);
    }

    private Set<Digest> walk(Digest root, boolean rootIsManifest) {
        Set<Digest> seen = new LinkedHashSet<>();
        Deque<Digest> manifests = new ArrayDeque<>();
        seen.add(root);
        Optional<ManifestLinks> rootLinks = links(root, rootIsManifest);
        rootLinks.ifPresent(l -> manifests.push(root));
        while (!manifests.isEmpty()) {
            Digest m = manifests.pop();
            for (ManifestLinks.Link link : links(m, true).map(ManifestLinks::links).orElse(java.util.List.of())) {
                if (seen.add(link.digest()) && link.manifest() && links(link.digest(), true).isPresent()) {
                    manifests.push(link.digest());
                }
            }
        }
        return seen;
    }
}
