package dev.stowage.cli;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.Registry;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.core.transfer.PlatformSelector;
import java.util.Optional;

/**
 * Finds the manifest a reference names, or with a platform, the platform's entry of the index it
 * names, as {@code crane manifest --platform} does. A reference to a single image is that image
 * whatever the platform asked for: only an index offers a choice.
 */
final class ManifestLookup {
    private final Registry registry;

    ManifestLookup(Registry registry) {
        this.registry = registry;
    }

    /** The manifest's bytes as served, verified against their digest. */
    RemoteManifest fetch(ImageReference reference, Optional<Platform> platform) {
        RemoteManifest manifest = registry.fetchManifest(reference);
        if (platform.isPresent() && manifest.document() instanceof ImageIndex index) {
            return registry.fetchManifest(reference.withDigest(entry(reference, index, platform.get()).digest()));
        }
        return manifest;
    }

    /** The digest alone: a {@code HEAD} when no platform is asked for. */
    Digest digest(ImageReference reference, Optional<Platform> platform) {
        if (platform.isEmpty()) {
            return registry.checkManifest(reference).orElseThrow(() -> new NotFoundException(
                    "no manifest " + reference + " in the registry", reference.registry(), 404, "MANIFEST_UNKNOWN"))
                    .digest();
        }
        RemoteManifest manifest = registry.fetchManifest(reference);
        if (manifest.document() instanceof ImageIndex index) {
            return entry(reference, index, platform.get()).digest();
        }
        return manifest.digest();
    }

    private static Descriptor entry(ImageReference reference, ImageIndex index, Platform platform) {
        return PlatformSelector.select(reference.toString(), index, platform, digest -> true);
    }
}
