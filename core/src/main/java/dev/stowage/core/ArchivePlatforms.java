package dev.stowage.core;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.Platform;
import dev.stowage.core.spi.ImageSource;
import dev.stowage.core.transfer.PlatformChoice;
import dev.stowage.core.transfer.PlatformSelector;

/**
 * Which platforms of an image a save or load takes: the one asked for; else, as {@code docker
 * save} and {@code docker load} with the containerd store do, everything the source has: a whole
 * index when every platform of it is there, otherwise this machine's platform (or the first
 * there), so that a multi-platform image pulled for one platform saves and loads as that
 * platform instead of failing for the others.
 */
final class ArchivePlatforms {
    private ArchivePlatforms() {
    }

    static PlatformChoice choose(ImageSource source, Platform asked) {
        if (asked != null) {
            return PlatformChoice.of(asked);
        }
        ManifestDocument top = source.manifest(source.resolve());
        if (top instanceof ImageIndex index
                && !index.manifests().stream().allMatch(child -> source.hasManifest(child.digest()))) {
            return PlatformChoice.of(PlatformSelector.representative(index, Platform.hostLinux(), source::hasManifest)
                    .flatMap(Descriptor::platform)
                    .orElse(Platform.hostLinux()));
        }
        return PlatformChoice.all();
    }
}
