package dev.stowage.store;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.model.Platform;
import dev.stowage.core.spi.ImageStore;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small real images (config, layers, manifest built with the model's writers) for store tests. */
final class TestImages {
    private TestImages() {
    }

    /** An image whose blobs and manifest are stored (not yet in the index). */
    record Image(Digest manifest, Descriptor config, List<Descriptor> layers, byte[] manifestRaw, Platform platform) {
        Descriptor descriptor() {
            return Descriptor.of(MediaTypes.OCI_MANIFEST, manifest, manifestRaw.length).withPlatform(platform);
        }

        List<Digest> blobs() {
            List<Digest> all = new ArrayList<>();
            all.add(manifest);
            all.add(config.digest());
            layers.forEach(l -> all.add(l.digest()));
            return all;
        }
    }

    /** Gzip, as registries and skopeo expect layers (skopeo compresses uncompressed layers when copying). */
    static byte[] gzip(byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Layers from {@code layerSeeds} (size 1000 + seed % 5000 bytes each), one config, one manifest. */
    static Image store(ImageStore store, Platform platform, Map<String, String> labels, Instant created, long... layerSeeds) {
        List<byte[]> contents = new ArrayList<>();
        for (long s : layerSeeds) {
            contents.add(random(1000 + (int) (Math.abs(s) % 5000), s));
        }
        return storeLayers(store, platform, labels, created, contents);
    }

    static Image storeLayers(ImageStore store, Platform platform, Map<String, String> labels, Instant created,
                             List<byte[]> contents) {
        ImageConfig.Builder cfg = ImageConfig.builder().os(platform.os()).architecture(platform.architecture())
                .created(created).labels(labels);
        platform.variant().ifPresent(cfg::variant);
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (byte[] uncompressed : contents) {
            byte[] c = gzip(uncompressed);
            Digest d = Digest.sha256(c);
            store.putBlob(d, c.length, new ByteArrayInputStream(c));
            layers.add(Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, d, c.length));
            diffIds.add(Digest.sha256(uncompressed));
        }
        ImageConfig config = cfg.diffIds(diffIds).build();
        store.putBlob(config.digest(), config.size(), new ByteArrayInputStream(config.raw()));
        Descriptor configDesc = Descriptor.of(MediaTypes.OCI_CONFIG, config.digest(), config.size());
        ImageManifest m = ImageManifest.builder().config(configDesc).layers(layers).build();
        Digest digest = store.putManifest(m.raw(), MediaTypes.OCI_MANIFEST);
        return new Image(digest, configDesc, layers, m.raw(), platform);
    }

    static Image store(ImageStore store, long... layerSeeds) {
        return store(store, Platform.of("linux", "amd64"), Map.of(), Instant.parse("2024-01-01T00:00:00Z"), layerSeeds);
    }

    /** An index over the given platform images' descriptors plus {@code missing} never-fetched ones. */
    static Digest storeIndex(ImageStore store, List<Image> fetched, List<Descriptor> missing) {
        ImageIndex.Builder b = ImageIndex.builder();
        fetched.forEach(i -> b.addManifest(i.descriptor()));
        missing.forEach(b::addManifest);
        ImageIndex index = b.build();
        return store.putManifest(index.raw(), MediaTypes.OCI_INDEX);
    }
}
