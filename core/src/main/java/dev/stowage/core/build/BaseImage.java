package dev.stowage.core.build;

import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.transfer.PlatformSelector;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The image a build starts from: its manifest and config as read from a store.
 *
 * <pre>{@code
 * BaseImage base = BaseImage.load(store, ImageReference.parse("eclipse-temurin:21-jre"), Platform.parse("linux/amd64"));
 * base.config().config().env();              // what the image sets
 * ImageBuilder.from(base).layer(...).build(store, ref);
 * }</pre>
 */
public record BaseImage(ImageStore store, ImageReference reference, ImageManifest manifest, ImageConfig config) {
    /** Configs are small; a larger one is not an image config. */
    private static final int MAX_CONFIG_BYTES = 16 * 1024 * 1024;

    /**
     * Reads the image {@code reference} names; for a multi-platform image, its manifest for
     * {@code platform}, which must be stored.
     *
     * @throws ImageNotFoundException if the store has no such image
     * @throws dev.stowage.core.PlatformNotFoundException if the platform is not among those stored
     */
    public static BaseImage load(ImageStore store, ImageReference reference, Platform platform) {
        Digest digest = store.resolve(reference.withDefaultTag()) // FROM base means base:latest, as in docker
                .orElseThrow(() -> new ImageNotFoundException(reference + " (base image of a build)"))
                .digest();
        ManifestDocument document = store.manifest(digest);
        if (document instanceof ImageIndex index) {
            document = store.manifest(PlatformSelector.select(reference.familiar(), index, platform, store::hasBlob).digest());
        }
        if (!(document instanceof ImageManifest manifest)) {
            throw new StowageException("cannot build from " + reference + ": it is not an image manifest");
        }
        return new BaseImage(store, reference, manifest, readConfig(store, reference, manifest.config()));
    }

    /**
     * The image's layers with their DiffIDs, base first: its manifest's layers paired with its
     * config's {@code rootfs}.
     *
     * @throws StowageException if the two lists differ in length
     */
    public List<StoredLayer> layers() {
        List<Descriptor> blobs = manifest.layers();
        List<Digest> diffIds = config.rootfs().diffIds();
        if (blobs.size() != diffIds.size()) {
            throw new StowageException("image " + reference + " is inconsistent: its manifest lists " + blobs.size()
                    + " layers but its config " + diffIds.size() + " DiffIDs");
        }
        List<StoredLayer> layers = new ArrayList<>(blobs.size());
        for (int i = 0; i < blobs.size(); i++) {
            layers.add(new StoredLayer(blobs.get(i), diffIds.get(i)));
        }
        return List.copyOf(layers);
    }

    private static ImageConfig readConfig(ImageStore store, ImageReference reference, Descriptor config) {
        if (config.size() > MAX_CONFIG_BYTES) {
            throw new StowageException("cannot build from " + reference + ": its config is " + config.size()
                    + " bytes, over the " + MAX_CONFIG_BYTES + " bytes an image config may have");
        }
        try (InputStream in = store.openBlob(config.digest())) {
            return ImageConfig.parse(in.readNBytes(MAX_CONFIG_BYTES));
        } catch (IOException e) {
            throw new StowageException("cannot read the config of base image " + reference + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes sure {@code target} holds this image's config-independent blobs (its layers),
     * protected by {@code lease}: protected in place when they are there already, copied from
     * the base's store otherwise. Non-distributable layers the base's store lacks are left to
     * their URLs.
     */
    void provideLayers(ImageStore target, Lease lease) {
        for (Descriptor layer : manifest.layers()) {
            lease.protect(layer.digest());
            if (target.hasBlob(layer.digest())) {
                continue;
            }
            if (target != store && store.hasBlob(layer.digest())) {
                try (InputStream in = store.openBlob(layer.digest())) {
                    target.putBlob(layer.digest(), layer.size(), in);
                } catch (IOException e) {
                    throw new StowageException("cannot copy base layer " + layer.digest() + " of " + reference
                            + ": " + e.getMessage(), e);
                }
            } else if (!MediaTypes.isNonDistributable(layer.mediaType())) {
                throw new StowageException("cannot build from " + reference + ": its layer " + layer.digest()
                        + " is not in the store; pull the image again");
            }
        }
    }
}
