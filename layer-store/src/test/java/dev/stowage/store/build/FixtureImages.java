package dev.stowage.store.build;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.EntryAttributes;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.LayerCompression;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * Images built the same way by tests and by the child JVMs they start ({@link #main}), so that
 * digests can be compared across processes.
 */
final class FixtureImages {
    static final ImageReference APP = ImageReference.parse("registry.example.com/team/app:1");

    private FixtureImages() {
    }

    /** Source files for the app image: a small tree with a script, a nested file and a symlink. */
    static Path appSources(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/lib"));
        Files.writeString(src.resolve("app.jar"), "not really a jar", StandardCharsets.UTF_8);
        Path run = Files.writeString(dir.resolve("src/run.sh"), "#!/bin/sh\nexec java -jar lib/app.jar\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(src.resolve("app.jar"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(dir.resolve("src/start"), Path.of("run.sh"));
        return dir.resolve("src");
    }

    /** An image from scratch with a directory layer and a file layer, every setting used. */
    static ImageBuilder app(Path sources, LayerCompression compression) {
        return ImageBuilder.fromScratch()
                .environment(Map.of("SOURCE_DATE_EPOCH", "1700000000"))
                .platform(Platform.parse("linux/amd64"))
                .compression(compression)
                .addLayerFromDirectory(sources, "app", "COPY src /app")
                .layer(l -> l.file("etc/app/config.yml", "port: 8080\n".getBytes(StandardCharsets.UTF_8),
                                EntryAttributes.defaults().withOwner(1000, 1000)
                                        .withModified(Instant.parse("2024-05-06T07:08:09Z")))
                        .directory("var/lib/app", EntryAttributes.defaults().withMode(0700).withOwner(1000, 1000))
                        .createdBy("COPY config.yml /etc/app/"))
                .workingDir("/app")
                .entrypoint("/app/run.sh")
                .env("APP_MODE", "production")
                .label("org.opencontainers.image.title", "app")
                .exposedPort("8080/tcp")
                .user("1000")
                .annotation("org.opencontainers.image.source", "https://example.com/app");
    }

    /** A regular file of {@code size} bytes streamed from a generator: compressible, never held in memory. */
    static InputStream generated(long size) {
        byte[] block = new byte[4096];
        new Random(42).nextBytes(block);
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - position);
                for (int i = 0; i < n; i++) {
                    long p = position + i;
                    // each block differs from the last in its block number, so nothing collapses to a repeat
                    b[off + i] = (p & 4095) < 8 ? (byte) ((p >>> 12) >>> (8 * (p & 7))) : block[(int) (p & 4095)];
                }
                position += n;
                return n;
            }
        };
    }

    /**
     * {@code app STORE SOURCES} builds {@link #app} (gzip, then zstd, into the file store) and
     * prints manifest digests and image IDs; {@code large STORE BYTES} builds one layer holding a
     * generated file of that size and prints manifest digest, layer digest and DiffID.
     */
    public static void main(String[] args) throws IOException {
        try (FileImageStore store = FileImageStore.open(Path.of(args[1]))) {
            if (args[0].equals("app")) {
                BuiltImage gzip = app(Path.of(args[2]), LayerCompression.gzip()).build(store, APP);
                BuiltImage zstd = app(Path.of(args[2]), LayerCompression.zstd()).build(store);
                System.out.println(gzip.manifestDigest() + " " + gzip.imageId() + " " + zstd.manifestDigest() + " "
                        + zstd.imageId());
            } else {
                long size = Long.parseLong(args[2]);
                BuiltImage big = ImageBuilder.fromScratch()
                        .compression(LayerCompression.gzip(1))
                        .layer(l -> l.file("data/big.bin", size, () -> generated(size), EntryAttributes.defaults()))
                        .build(store, APP);
                System.out.println(big.manifestDigest() + " " + big.layers().get(0).digest() + " "
                        + big.config().rootfs().diffIds().get(0));
            }
        }
    }
}
