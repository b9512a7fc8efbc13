package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.ImageManager;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.LoadResult;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.store.FileImageStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gzip layer expanding about 1,000× (a 64 MiB file of zeros in some 64 KiB) through
 * {@code load}. In a docker archive whose layer file is not named by its digest, Stowage
 * decompresses the layer to check its diff_id, and {@link ArchiveLimits}' ratio (100 by default)
 * stops it, naming the layer, with nothing new in the store; with the ratio raised it loads,
 * streaming, in a 48 MiB heap. In an OCI archive the layer is stored as the blob it is (its
 * digest verified, not decompressed), as {@code docker load} stores it: that loads too. Layers of
 * zeros (a sparse disk image) legitimately compress this well, so neither way is an error in
 * itself; what a bomb may never cost is memory.
 */
class GzipBombLoadTest {
    private static final int EXPANDED_FILE = 64 << 20;

    @TempDir
    static Path dir;
    private static Path dockerArchive;
    private static Path ociArchive;
    private static Digest compressedLayer;

    @BeforeAll
    static void writeArchives() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        MessageDigest tarSha = MessageDigest.getInstance("SHA-256");
        try (OutputStream gzip = new GZIPOutputStream(gz, 64 * 1024);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(gzip, tarSha))) {
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
        byte[] layer = gz.toByteArray();
        assertTrue(layer.length * 500 < EXPANDED_FILE, "compressed to " + layer.length + " bytes");
        Digest diffId = Digest.parse("sha256:" + HexFormat.of().formatHex(tarSha.digest()));
        compressedLayer = Digest.sha256(layer);

        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + diffId + "\"]}}";
        Digest configDigest = sha(config);
        dockerArchive = new TarFixture().file(configDigest.hex() + ".json", config).file("l0/layer.tar.gz", layer)
                .file("manifest.json", TarFixture.dockerManifest(configDigest.hex() + ".json", "bomb/docker:1",
                        List.of("l0/layer.tar.gz")))
                .write(dir.resolve("docker-bomb.tar"));

        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length() + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + compressedLayer + "\",\"size\":"
                + layer.length + "}]}";
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + sha(manifest) + "\",\"size\":" + manifest.length() + ",\"annotations\":{"
                + "\"io.containerd.image.name\":\"docker.io/bomb/oci:1\",\"org.opencontainers.image.ref.name\":\"1\"}}]}";
        ociArchive = new TarFixture().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}").file("index.json", index)
                .file("blobs/sha256/" + configDigest.hex(), config).file("blobs/sha256/" + sha(manifest).hex(), manifest)
                .file("blobs/sha256/" + compressedLayer.hex(), layer)
                .write(dir.resolve("oci-bomb.tar"));
    }

    @Test
    void dockerArchiveLayerExpandingAThousandfoldIsStoppedAtTheRatioNamingItAndNothingIsStored() {
        Path store = dir.resolve("refusing-store");
        try (ImageManager images = ImageManager.builder().store(FileImageStore.open(store)).build()) {
            TestImages.base(images.store(), "kept/base:1", 10_000, 7);
            Map<String, Digest> before = StoreFiles.snapshot(store);

            InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> images.load(dockerArchive).call());

            assertTrue(e.getMessage().startsWith(dockerArchive + ": l0/layer.tar.gz: gzip content expands more than 100 "
                    + "times"), e.getMessage());
            assertEquals(before, StoreFiles.snapshot(store), "the store changed");
        }
    }

    @Test
    void layerExpandingAThousandfoldLoadsStreamingInASmallHeapFromAnOciArchiveOrWithTheRatioRaised() throws Exception {
        Path store = dir.resolve("loading-store");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Load.class.getName(), store.toString(),
                dockerArchive.toString(), ociArchive.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the load did not finish within 5 minutes");
        }

        assertEquals(0, child.exitValue(), Files.readString(log));
        try (FileImageStore s = FileImageStore.open(store)) {
            assertTrue(s.verify(false).isClean());
            assertTrue(s.hasBlob(compressedLayer));
            assertEquals(List.of("bomb/docker:1", "bomb/oci:1"), s.images().stream().map(ImageRecord::tags)
                    .flatMap(List::stream).map(r -> r.familiar()).sorted().toList());
        }
    }

    /** Loads {@code Load STORE DOCKER_ARCHIVE OCI_ARCHIVE}: the first with the expansion ratio raised to 2,000. */
    public static final class Load {
        private Load() {
        }

        public static void main(String[] args) {
            try (ImageManager images = ImageManager.builder().store(FileImageStore.open(Path.of(args[0]))).build()) {
                LoadResult docker = images.load(Path.of(args[1])).limits(ArchiveLimits.DEFAULT.withMaxExpansionRatio(2000))
                        .call();
                LoadResult oci = images.load(Path.of(args[2])).call();
                System.out.println(docker + " " + oci);
            }
        }
    }

    private static Digest sha(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
