package dev.stowage.core.build;

import dev.stowage.core.ProgressListener;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageSource;
import dev.stowage.core.spi.Registry;
import dev.stowage.core.transfer.PlatformSelector;
import dev.stowage.core.transfer.RegistrySource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A base image that stays in its registry, as jib builds on one: only its manifest and config
 * are read when the build starts; its layers are mounted, found or streamed when the built image
 * is pushed, and fetched into a store only when the image is built into one.
 *
 * @param reference the base as named, with its tag
 * @param manifestDigest the digest of the platform manifest chosen, which pins the base for the layers' reads
 */
record RemoteBase(Registry registry, ImageReference reference, Digest manifestDigest, ImageManifest manifest,
        ImageConfig config) {
    /** Configs are small; a larger one is not an image config (as {@link BaseImage} reads them from a store). */
    private static final int MAX_CONFIG_BYTES = 16 * 1024 * 1024;

    /**
     * Reads the manifest of {@code reference} (for a multi-platform image, {@code platform}'s) and
     * its config, each verified against its digest. No layer is read.
     *
     * @throws dev.stowage.core.NotFoundException if the registry has no such image
     * @throws dev.stowage.core.PlatformNotFoundException if the index lacks the platform
     */
    static RemoteBase load(Registry registry, ImageReference reference, Platform platform, ProgressListener progress) {
        ImageReference named = reference.withDefaultTag(); // FROM base means base:latest, as in docker
        try (RegistrySource source = new RegistrySource(registry, named, progress)) {
            Digest digest = source.resolve();
            ManifestDocument document = source.manifest(digest);
            if (document instanceof ImageIndex index) {
                digest = PlatformSelector.select(named.familiar(), index, platform, source::hasManifest).digest();
                document = source.manifest(digest);
            }
            if (!(document instanceof ImageManifest manifest)) {
                throw new StowageException("cannot build from " + named + ": it is not an image manifest");
            }
            return new RemoteBase(registry, named, digest, manifest, readConfig(source, named, manifest.config()));
        }
    }

    private static ImageConfig readConfig(ImageSource source, ImageReference reference, Descriptor config) {
        if (config.size() > MAX_CONFIG_BYTES) {
            throw new StowageException("cannot build from " + reference + ": its config is " + config.size()
                    + " bytes, over the " + MAX_CONFIG_BYTES + " bytes an image config may have");
        }
        byte[] raw;
        try (InputStream in = source.openBlob(config, 0)) {
            raw = in.readNBytes((int) config.size());
        } catch (IOException e) {
            throw new StowageException("cannot read the config of base image " + reference + ": " + e.getMessage(), e);
        }
        // a registry's blob stream is not verified by the registry client: the reader verifies
        DigestMismatchException.check(config.digest(), config.size(), Digest.sha256(raw), raw.length);
        return ImageConfig.parse(raw);
    }

    /** The base's layers, read from its repository (pinned to the manifest's digest). */
    ImageSource layerSource(ProgressListener progress) {
        return new RegistrySource(registry, reference.repoDigest(manifestDigest), progress);
    }

    /** The digests of the base's layers. */
    Set<Digest> layerDigests() {
        return manifest.layers().stream().map(Descriptor::digest).collect(Collectors.toUnmodifiableSet());
    }
}
