package dev.stowage.bench;

import dev.stowage.bench.SyntheticContent.Kind;
import dev.stowage.core.build.EntryAttributes;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.LayerBuilder;
import dev.stowage.core.build.LayerCompression;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's four images, built with Stowage's {@link ImageBuilder} into one OCI image
 * layout that skopeo reads as {@code oci:DIR:bench.local/NAME:1}. Built once per size and kept:
 * the content is deterministic, so a layout found complete holds exactly these images.
 *
 * <ul>
 *   <li>{@code base}: two layers of partly compressible files (about 67 MB compressed);</li>
 *   <li>{@code app}: {@code base} plus three small layers (about 3 MB);</li>
 *   <li>{@code big}: one incompressible 1 GiB layer (gzip level 1: skopeo would compress an
 *       uncompressed layer on its way to a registry, changing its digest);</li>
 *   <li>{@code many}: 50 layers of about 100 KB.</li>
 * </ul>
 * The quick sizes keep the shapes (layer counts, compressibility) at a fraction of the bytes.
 */
final class BenchImages {
    static final String BASE = "bench.local/base:1";
    static final String APP = "bench.local/app:1";
    static final String BIG = "bench.local/big:1";
    static final String MANY = "bench.local/many:1";

    /** Changing the generator changes the images: a layout built by another version is rebuilt. */
    private static final String GENERATION = "bench-images v2";

    private record Sizes(long baseLower, long baseUpper, long[] appLayers, long big, int manyLayers, long manyLayer) {
    }

    private static final Sizes FULL = new Sizes(64L << 20, 40L << 20, new long[] {1_500_000, 1_000_000, 500_000},
            1L << 30, 50, 100_000);
    private static final Sizes QUICK = new Sizes(1L << 20, 512L << 10, new long[] {16_384, 12_288, 8_192},
            16L << 20, 50, 2_048);

    private BenchImages() {
    }

    /** The one layer of {@link #BIG} in the prepared {@code layout}. */
    static Descriptor bigLayer(Path layout) {
        try (FileImageStore store = FileImageStore.open(layout)) {
            return ((ImageManifest) store.manifest(store.resolve(ImageReference.parse(BIG)).orElseThrow().digest()))
                    .layers().get(0);
        }
    }

    /** The layout under {@code dir} holding the four images, built now if it is not there yet. */
    static Path prepare(Path dir, boolean quick) {
        Path layout = dir.resolve(quick ? "layout-quick" : "layout");
        Path marker = layout.resolve("bench-images.done");
        String generation = GENERATION + (quick ? " quick" : " full");
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(generation)) {
                return layout;
            }
            Files.createDirectories(dir);
            Files.deleteIfExists(marker);
            Tree.delete(layout);
            build(layout, quick ? QUICK : FULL);
            Files.writeString(marker, generation);
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the benchmark images in " + layout, e);
        }
    }

    private static void build(Path layout, Sizes s) {
        Platform amd64 = Platform.parse("linux/amd64");
        try (FileImageStore store = FileImageStore.open(layout)) {
            ImageBuilder.fromScratch().platform(amd64)
                    .layer(l -> files(l.createdBy("ADD rootfs /"), "usr/lib", s.baseLower(), 1000))
                    .layer(l -> files(l.createdBy("RUN install runtime"), "opt/runtime", s.baseUpper(), 2000))
                    .cmd("/bin/sh")
                    .build(store, ImageReference.parse(BASE));
            ImageBuilder app = ImageBuilder.from(store, ImageReference.parse(BASE), amd64);
            for (int i = 0; i < s.appLayers().length; i++) {
                long size = s.appLayers()[i];
                String path = "app/part-" + i + ".jar";
                long seed = 3000 + i;
                app.layer(l -> file(l.createdBy("COPY " + path + " /" + path), path, Kind.RANDOM, seed, size));
            }
            app.entrypoint("/app/run").build(store, ImageReference.parse(APP));
            ImageBuilder.fromScratch().platform(amd64).compression(LayerCompression.gzip(1))
                    .layer(l -> file(l.createdBy("COPY data.bin /data.bin"), "data.bin", Kind.RANDOM, 4000, s.big()))
                    .build(store, ImageReference.parse(BIG));
            ImageBuilder many = ImageBuilder.fromScratch().platform(amd64);
            for (int i = 0; i < s.manyLayers(); i++) {
                String path = "layers/" + i + ".bin";
                long seed = 5000 + i;
                many.layer(l -> file(l.createdBy("COPY " + path), path, Kind.RANDOM, seed, s.manyLayer()));
            }
            many.build(store, ImageReference.parse(MANY));
        }
    }

    /**
     * Files under {@code dir} adding up to {@code total} bytes, of sizes between 1/40 and 1/10
     * of it, their kinds cycling so the layer compresses to about 65 %.
     */
    private static void files(LayerBuilder layer, String dir, long total, long seed) {
        Kind[] kinds = {Kind.MIXED, Kind.TEXT, Kind.RANDOM, Kind.MIXED};
        long left = total;
        for (int i = 0; left > 0; i++) {
            long size = Math.min(left, total / 40 + ((seed * 7919 + i * 104729L) % (total / 10 - total / 40)));
            file(layer, dir + "/file-" + i + (kinds[i % 4] == Kind.TEXT ? ".txt" : ".so"), kinds[i % 4], seed + i, size);
            left -= size;
        }
    }

    private static LayerBuilder file(LayerBuilder layer, String path, Kind kind, long seed, long size) {
        return layer.file(path, size, () -> new SyntheticContent(kind, seed, size), EntryAttributes.defaults());
    }
}
