package dev.stowage.core.image;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.Platform;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.transfer.PlatformSelector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads an image's parts from a store: the platform manifest that stands for it, its config, the blobs it references. */
public final class ImageGraph {
    private static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;

    private final ImageStore store;

    public ImageGraph(ImageStore store) {
        this.store = store;
    }

    /** An image manifest with its parsed config. */
    public record Resolved(ImageManifest manifest, ImageConfig config) {
    }

    /**
     * The manifest and config that stand for {@code image}: the manifest itself, or for an index
     * its {@link PlatformSelector#representative representative}, the stored platform manifest best
     * matching {@link Platform#hostLinux()}, else the first stored one.
     *
     * @throws StowageException if the image has no stored platform manifest or no readable image config
     */
    public Resolved resolve(ImageRecord image) {
        ImageManifest manifest = platformManifest(image.digest())
                .orElseThrow(() -> new StowageException("image " + image.digest()
                        + " has no stored image manifest to read (an index whose platforms were never fetched)"));
        return new Resolved(manifest, config(manifest));
    }

    private Optional<ImageManifest> platformManifest(Digest digest) {
        ManifestDocument doc = store.manifest(digest);
        if (doc instanceof ImageManifest m) {
            return Optional.of(m);
        }
        return PlatformSelector.representative((ImageIndex) doc, Platform.hostLinux(), store::hasBlob)
                .flatMap(d -> platformManifest(d.digest()));
    }

    /**
     * The parsed config of {@code manifest}, read from the store.
     *
     * @throws StowageException if the config is not in the store, over 8 MiB or not a readable image config
     */
    public ImageConfig config(ImageManifest manifest) {
        Digest digest = manifest.config().digest();
        try (InputStream in = store.openBlob(digest)) {
            byte[] raw = in.readNBytes(MAX_CONFIG_BYTES + 1);
            if (raw.length > MAX_CONFIG_BYTES) {
                throw new StowageException("config " + digest + " is larger than " + MAX_CONFIG_BYTES + " bytes; not an image config");
            }
            return ImageConfig.parse(raw);
        } catch (BlobNotFoundException e) {
            throw new StowageException("config " + digest + " of image manifest " + manifest.digest()
                    + " is not in the store; pull the image again");
        } catch (IllegalArgumentException e) {
            throw new StowageException("config " + digest + " of image manifest " + manifest.digest()
                    + " is not an image config (an artifact?): " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + digest + ": " + e.getMessage(), e);
        }
    }

    /** Every stored blob the image references: its manifests, configs and layers (platforms never fetched are skipped). */
    public Set<Digest> closure(Digest image) {
        Set<Digest> seen = new HashSet<>();
        collect(image, seen);
        return seen;
    }

    private void collect(Digest digest, Set<Digest> seen) {
        if (!store.hasBlob(digest) || !seen.add(digest)) {
            return;
        }
        ManifestDocument doc;
        try {
            doc = store.manifest(digest);
        } catch (BlobNotFoundException | IllegalArgumentException notAManifest) {
            return;
        }
        if (doc instanceof ImageManifest m) {
            if (store.hasBlob(m.config().digest())) {
                seen.add(m.config().digest());
            }
            m.layers().stream().map(Descriptor::digest).filter(store::hasBlob).forEach(seen::add);
        } else if (doc instanceof ImageIndex index) {
            index.manifests().forEach(d -> collect(d.digest(), seen));
        }
    }

    /** The image manifests whose blobs a transfer moves: those among {@code children}, or {@code top} itself when it has none. */
    public static List<ImageManifest> imageManifests(ManifestDocument top, List<ManifestDocument> children) {
        List<ImageManifest> manifests = new ArrayList<>();
        for (ManifestDocument doc : children.isEmpty() ? List.of(top) : children) {
            if (doc instanceof ImageManifest m) {
                manifests.add(m);
            }
        }
        return manifests;
    }

    /** The blobs an image manifest names: its config, then its layers. */
    public static List<Descriptor> blobs(ImageManifest manifest) {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(manifest.config());
        blobs.addAll(manifest.layers());
        return blobs;
    }

    /** The summed stored size of {@code blobs}. */
    public long size(Set<Digest> blobs) {
        return blobs.stream().mapToLong(d -> store.blobSize(d).orElse(0)).sum();
    }
}
