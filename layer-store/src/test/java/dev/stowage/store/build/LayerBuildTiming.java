package dev.stowage.store.build;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.LayerCompression;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Times building one layer of {@code FILES} files totalling {@code MB} megabytes (random, so
 * incompressible: the worst case for gzip) into a fresh {@link FileImageStore}, gzip level 6 and
 * uncompressed; prints the best of {@code RUNS} runs after a warm-up. Not a test: run by hand,
 * {@code java -cp <test classpath> dev.stowage.store.build.LayerBuildTiming WORKDIR [MB FILES RUNS]}.
 */
public final class LayerBuildTiming {
    private LayerBuildTiming() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int files = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path src = Files.createDirectories(work.resolve("src"));
        Random random = new Random(1);
        byte[] content = new byte[megabytes * 1024 * 1024 / files];
        for (int i = 0; i < files; i++) {
            random.nextBytes(content);
            Path file = src.resolve("d" + (i % 20)).resolve("f" + i + ".bin");
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        }
        for (LayerCompression compression : new LayerCompression[] {LayerCompression.gzip(), LayerCompression.none()}) {
            long best = Long.MAX_VALUE;
            BuiltImage image = null;
            for (int run = 0; run <= runs; run++) {
                Path storeDir = work.resolve("store-" + compression.kind() + "-" + run);
                long start = System.nanoTime();
                try (FileImageStore store = FileImageStore.open(storeDir)) {
                    image = ImageBuilder.fromScratch().environment(Map.of()).compression(compression)
                            .addLayerFromDirectory(src, "data").build(store, ImageReference.parse("timing:1"));
                }
                long elapsed = System.nanoTime() - start;
                if (run > 0) {
                    best = Math.min(best, elapsed);
                }
            }
            long layerBytes = image.layers().get(0).size();
            System.out.printf("%-14s %d files, %d MB: best of %d %6.0f ms (%.0f MB/s of input), layer blob %d bytes%n",
                    compression, files, megabytes, runs, best / 1e6, megabytes / (best / 1e9), layerBytes);
        }
    }
}
