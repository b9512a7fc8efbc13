package dev.stowage.core;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.HistoryEntry;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small real image for tests, written with the model's writers: gzip layers of random bytes,
 * a config with history, labels and creation time, and an OCI manifest.
 */
public final class TestImage {
    private final ImageConfig.Builder config = ImageConfig.builder().os("linux").architecture("amd64");
    private final List<byte[]> layers = new ArrayList<>();
    private final List<HistoryEntry> steps = new ArrayList<>();
    private final List<Digest> diffIds = new ArrayList<>();

    /** What was stored. */
    public record Stored(Digest manifest, Digest id, List<Descriptor> layers) {
        public long layerBytes() {
            return layers.stream().mapToLong(Descriptor::size).sum();
        }
    }

    public static TestImage created(String instant) {
        TestImage image = new TestImage();
        image.config.created(Instant.parse(instant));
        return image;
    }

    public TestImage label(String key, String value) {
        config.label(key, value);
        return this;
    }

    public TestImage env(String name, String value) {
        config.env(name, value);
        return this;
    }

    public TestImage author(String author) {
        config.author(author);
        return this;
    }

    /** A layer of {@code size} random bytes (seeded, so the same seed gives the same layer) made by {@code createdBy}. */
    public TestImage layer(int size, long seed, String createdBy) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        diffIds.add(Digest.sha256(content));
        layers.add(gzip(content));
        steps.add(new HistoryEntry(Optional.of(Instant.parse("2024-01-01T00:00:00Z")), createdBy, "", "", false));
        return this;
    }

    /** A step that made no layer ({@code ENV}, {@code CMD}). */
    public TestImage emptyStep(String createdBy, String comment) {
        steps.add(new HistoryEntry(Optional.of(Instant.parse("2024-01-01T00:00:00Z")), createdBy, "", comment, true));
        return this;
    }

    /** Stores the blobs and manifest, and records the image untagged. */
    public Stored storeIn(ImageStore store) {
        List<Descriptor> descriptors = new ArrayList<>();
        for (byte[] layer : layers) {
            Digest d = Digest.sha256(layer);
            store.putBlob(d, layer.length, new ByteArrayInputStream(layer));
            descriptors.add(Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, d, layer.length));
        }
        ImageConfig built = config.diffIds(diffIds).history(steps).build();
        store.putBlob(built.digest(), built.size(), new ByteArrayInputStream(built.raw()));
        ImageManifest manifest = ImageManifest.builder()
                .config(Descriptor.of(MediaTypes.OCI_CONFIG, built.digest(), built.size()))
                .layers(descriptors)
                .build();
        Digest digest = store.putManifest(manifest.raw(), MediaTypes.OCI_MANIFEST);
        store.addUntagged(digest);
        return new Stored(digest, built.digest(), descriptors);
    }

    /** Stores the image and tags it with every reference given. */
    public Stored storeIn(ImageStore store, String... references) {
        Stored stored = storeIn(store);
        for (String r : references) {
            store.tag(stored.manifest(), ImageReference.parse(r));
        }
        return stored;
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
