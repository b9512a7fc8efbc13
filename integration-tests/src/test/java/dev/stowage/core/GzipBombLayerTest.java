package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gzip layer tar that expands about 1,000× (a 64 MiB file of zeros in some 64 KiB) given to
 * {@code ImageBuilder.addLayerFromTar}: it streams, in a 48 MiB heap, and becomes a layer whose
 * diff ID is the digest of the expanded tar. Stowage sets no expansion limit, as docker sets none:
 * a layer of zeros (a sparse disk image, a preallocated file) legitimately compresses this well;
 * what it costs is time and disk in proportion to the expanded size, never memory.
 */
class GzipBombLayerTest {
    private static final int EXPANDED_FILE = 64 << 20;

    @TempDir
    Path dir;

    @Test
    void layerExpandingAThousandfoldStreamsInASmallHeap() throws Exception {
        Path bomb = dir.resolve("bomb.tar.gz");
        writeBomb(bomb);
        assertTrue(Files.size(bomb) * 500 < EXPANDED_FILE, "compressed to " + Files.size(bomb) + " bytes");

        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Build.class.getName(), dir.resolve("store").toString(),
                bomb.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the build did not finish within 5 minutes");
        }

        assertEquals(0, child.exitValue(), Files.readString(log));
        String[] printed = Files.readString(log).strip().split(" ");
        Digest diffId = Digest.parse(printed[printed.length - 3]);
        Digest layer = Digest.parse(printed[printed.length - 1]);
        FileImageStore store = FileImageStore.open(dir.resolve("store"));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long expanded = 0;
        try (InputStream in = store.openBlob(layer);
                InputStream expandedTar = new DigestInputStream(new GZIPInputStream(in, 64 * 1024), sha256);
                TarArchiveInputStream tar = new TarArchiveInputStream(expandedTar)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                expanded += e.getSize();
            }
            expandedTar.transferTo(OutputStream.nullOutputStream()); // the end-of-archive blocks count too
        }
        assertEquals(EXPANDED_FILE, expanded);
        assertEquals(diffId.hex(), HexFormat.of().formatHex(sha256.digest()));
    }

    /** Writes a gzip tar of one 64 MiB file of zeros. */
    private static void writeBomb(Path file) throws Exception {
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            TarArchiveEntry entry = new TarArchiveEntry("zeros.img");
            entry.setSize(EXPANDED_FILE);
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[64 * 1024];
            for (int written = 0; written < EXPANDED_FILE; written += zeros.length) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
            tar.finish();
        }
    }

    /** Builds an image of the tar's layer into a file store: {@code Build STORE TAR}; prints its diff ID and digest. */
    public static final class Build {
        private Build() {
        }

        public static void main(String[] args) throws IOException {
            FileImageStore store = FileImageStore.open(Path.of(args[0]));
            BuiltImage image = ImageBuilder.fromScratch().platform(Platform.parse("linux/amd64"))
                    .addLayerFromTar(Path.of(args[1])).build(store, ImageReference.parse("local/bomb:1"));
            System.out.println("DIFF_ID " + image.config().rootfs().diffIds().get(0) + " LAYER "
                    + image.manifest().layers().get(0).digest());
        }
    }
}
