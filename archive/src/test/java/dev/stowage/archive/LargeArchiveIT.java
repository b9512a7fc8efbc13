package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.ImageManager;
import dev.stowage.core.LoadResult;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobWriter;
import dev.stowage.store.FileImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB image saved and loaded by a child JVM limited to a 64 MiB heap: from the store into an
 * archive file, from the file into a second store (read in place) and from a stream into a third
 * (spooled): every blob streams, none is held in memory.
 */
class LargeArchiveIT {
    private static final long SIZE = 1L << 30;
    private static final int BLOCK = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void oneGibibyteImageSavesAndLoadsWithinA64MibHeap() throws Exception {
        long start = System.nanoTime();
        Digest manifest = store(dir.resolve("source"), ImageReference.parse("large/app:1"));
        System.out.println("stored the image in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), SaveAndLoad.class.getName(), dir.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("save and load did not finish within 10 minutes");
        }

        System.out.print(Files.readString(log)); // the child's timings, in the test report
        assertEquals(0, child.exitValue(), Files.readString(log));
        assertEquals(List.of("LOADED " + manifest, "STREAMED " + manifest),
                Files.readAllLines(log).stream().filter(l -> l.startsWith("LOADED") || l.startsWith("STREAMED")).toList(),
                Files.readString(log));
        assertEquals(List.of(), files(dir.resolve("streamed/stowage/tmp")), "the spooled copy is gone");
    }

    /** Saves {@code DIR/source}'s large/app:1 to DIR/app.tar, loads it into DIR/loaded, then as a stream into DIR/streamed. */
    public static final class SaveAndLoad {
        private SaveAndLoad() {
        }

        public static void main(String[] args) throws IOException {
            Path dir = Path.of(args[0]);
            Path archive = dir.resolve("app.tar");
            try (ImageManager source = ImageManager.builder().store(FileImageStore.open(dir.resolve("source"))).build()) {
                long start = System.nanoTime();
                source.save("large/app:1").to(archive).call();
                System.out.println("saved in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
            try (ImageManager loaded = ImageManager.builder().store(FileImageStore.open(dir.resolve("loaded"))).build()) {
                long start = System.nanoTime();
                LoadResult result = loaded.load(archive).call();
                System.out.println("loaded in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                System.out.println("LOADED " + result.images().get(0).manifestDigest());
            }
            try (ImageManager streamed = ImageManager.builder().store(FileImageStore.open(dir.resolve("streamed"))).build();
                 InputStream in = Files.newInputStream(archive)) {
                long start = System.nanoTime();
                LoadResult result = streamed.load(in).call();
                System.out.println("streamed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                System.out.println("STREAMED " + result.images().get(0).manifestDigest());
            }
        }
    }

    /** Stores an image with one 1 GiB layer of seeded random bytes, generated as it is written and digested on the way. */
    private static Digest store(Path directory, ImageReference name) throws IOException {
        try (FileImageStore store = FileImageStore.open(directory); InputStream in = layerBytes()) {
            Digest layer;
            try (BlobWriter out = store.newBlob()) {
                in.transferTo(out);
                layer = out.commit();
            }
            ImageConfig config = ImageConfig.builder().os("linux").architecture("amd64").diffIds(List.of(layer)).build();
            Descriptor configBlob = Descriptor.of(MediaTypes.OCI_CONFIG, config.raw());
            ImageManifest manifest = ImageManifest.builder().config(configBlob)
                    .addLayer(Descriptor.of(MediaTypes.OCI_LAYER_TAR, layer, SIZE)).build();
            store.putBlob(configBlob.digest(), configBlob.size(), new ByteArrayInputStream(config.raw()));
            store.tag(store.putManifest(manifest.raw(), manifest.mediaType()), name);
            return manifest.digest();
        }
    }

    /** Block {@code i} of the layer is 1 MiB drawn from {@code Random(i)}. */
    private static InputStream layerBytes() {
        return new InputStream() {
            private final byte[] block = new byte[BLOCK];
            private long position;
            private long blockIndex = -1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= SIZE) {
                    return -1;
                }
                long index = position / BLOCK;
                if (index != blockIndex) {
                    new Random(index).nextBytes(block);
                    blockIndex = index;
                }
                int within = (int) (position % BLOCK);
                int n = Math.min(len, BLOCK - within);
                System.arraycopy(block, within, b, off, n);
                position += n;
                return n;
            }
        };
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
