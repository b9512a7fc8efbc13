package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.ImageManager;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.LoadRequest;
import dev.stowage.core.model.Digest;
import dev.stowage.store.FileImageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives made to hurt, each refused with one error naming what is wrong, and the store left
 * exactly as it was: no image, no name, no blob, no lease, no temporary file more (an image stored
 * before stays). Every archive is written by the test with commons-compress.
 */
class HostileArchivesTest {
    private static final byte[] LAYER = TarFixture.layer(3000, 1);
    private static final byte[] OTHER_LAYER = TarFixture.layer(5000, 2);

    @TempDir
    Path dir;

    private ImageManager images;
    private Path store;
    private Map<String, Digest> before;

    @BeforeEach
    void storeWithAnImage() {
        store = dir.resolve("store");
        images = ImageManager.builder().store(FileImageStore.open(store)).build();
        TestImages.base(images.store(), "kept/base:1", 10_000, 7);
        before = StoreFiles.snapshot(store);
    }

    @AfterEach
    void close() {
        images.close();
    }

    @Test
    void entryClimbingOutWithDotDotIsRefused() {
        refused(TarFixture.dockerArchive(LAYER).file("../../etc/cron.d/evil", "x"),
                "entry \"../../etc/cron.d/evil\" climbs out with \"..\"; archive entries must stay inside it");
    }

    @Test
    void entryWithAnAbsolutePathIsRefused() {
        refused(TarFixture.dockerArchive(LAYER).file("/etc/passwd", "x"), "entry \"/etc/passwd\" is an absolute path");
    }

    @Test
    void symlinkLeavingTheArchiveIsRefusedEvenUnused() {
        refused(TarFixture.dockerArchive(LAYER).symlink("l9/layer.tar", "../../../etc/shadow"),
                "link \"l9/layer.tar\" -> \"../../../etc/shadow\" leaves the archive");
    }

    @Test
    void symlinkWithAnAbsoluteTargetIsRefused() {
        refused(TarFixture.dockerArchive(LAYER).symlink("l9/layer.tar", "/etc/shadow"),
                "link \"l9/layer.tar\" -> \"/etc/shadow\" has an absolute target, which leaves the archive");
    }

    @Test
    void hardLinkLeavingTheArchiveIsRefused() {
        refused(TarFixture.dockerArchive(LAYER).hardLink("l9/layer.tar", "../outside"),
                "hard link \"l9/layer.tar\" -> \"../outside\" leaves the archive");
    }

    @Test
    void symlinkThroughADirectoryLinkLeavingTheArchiveIsRefused() {
        refused(TarFixture.dockerArchive(LAYER).symlink("up", "..").symlink("l9/layer.tar", "../up/etc"),
                "link \"up\" -> \"..\" leaves the archive");
    }

    @Test
    void symlinkLoopIsRefused() {
        refused(TarFixture.dockerArchive(LAYER).symlink("a/layer.tar", "../b/layer.tar").symlink("b/layer.tar", "../a/layer.tar"),
                "forms a loop (more than 40 links followed)");
    }

    @Test
    void layerThatIsALinkToAMissingEntryIsRefusedNamingIt() {
        String config = TarFixture.config(LAYER);
        String configName = sha(config) + ".json";
        refused(new TarFixture().file(configName, config).symlink("l0/layer.tar", "../gone/layer.tar")
                        .file("manifest.json", TarFixture.dockerManifest(configName, "app:1", List.of("l0/layer.tar"))),
                "manifest.json's image 1's layer 1 names l0/layer.tar (a link to gone/layer.tar), which the archive lacks");
    }

    @Test
    void duplicateEntriesWithDifferentContentAreRefused() {
        refused(TarFixture.dockerArchive(LAYER).file("manifest.json", "[]"),
                "has two entries named \"manifest.json\" with different content");
    }

    @Test
    void duplicateEntriesWithTheSameContentAreHarmless() throws IOException {
        TarFixture tar = TarFixture.dockerArchive(LAYER).file("l0/layer.tar", LAYER);

        images.load(tar.write(dir.resolve("twice.tar"))).call();

        assertTrue(images.store().resolve("app:1").isPresent());
    }

    @Test
    void hardLinkInsideTheArchiveIsAnAliasOfItsTarget() throws IOException {
        String config = TarFixture.config(LAYER, LAYER);
        String configName = sha(config) + ".json";
        TarFixture tar = new TarFixture().file(configName, config).file("l0/layer.tar", LAYER).hardLink("l1/layer.tar",
                "l0/layer.tar").file("manifest.json", TarFixture.dockerManifest(configName, "app:1",
                        List.of("l0/layer.tar", "l1/layer.tar")));

        images.load(tar.write(dir.resolve("hardlinked.tar"))).call();

        assertTrue(images.store().resolve("app:1").isPresent());
    }

    @Test
    void manifestNamingAMissingLayerIsRefused() {
        String config = TarFixture.config(LAYER);
        refused(new TarFixture().file(sha(config) + ".json", config)
                        .file("manifest.json", TarFixture.dockerManifest(sha(config) + ".json", "app:1", List.of("nowhere/layer.tar"))),
                "manifest.json's image 1's layer 1 names nowhere/layer.tar, which the archive lacks");
    }

    @Test
    void manifestWhoseConfigIsNotAConfigIsRefused() {
        refused(new TarFixture().file("l0/layer.tar", LAYER)
                        .file("manifest.json", TarFixture.dockerManifest("l0/layer.tar", "app:1", List.of("l0/layer.tar"))),
                "config l0/layer.tar of manifest.json's image 1: invalid image config");
    }

    @Test
    void manifestListingMoreLayersThanTheConfigIsRefused() {
        String config = TarFixture.config(LAYER);
        refused(new TarFixture().file(sha(config) + ".json", config).file("l0/layer.tar", LAYER).file("l1/layer.tar", OTHER_LAYER)
                        .file("manifest.json", TarFixture.dockerManifest(sha(config) + ".json", "app:1",
                                List.of("l0/layer.tar", "l1/layer.tar"))),
                "manifest.json's image 1 lists 2 layers, but its config " + sha(config) + ".json has 1 diff_ids");
    }

    @Test
    void configWhoseNameLiesAboutItsDigestIsRefused() {
        String config = TarFixture.config(LAYER);
        String lie = "blobs/sha256/" + "0".repeat(64);
        refused(new TarFixture().file(lie, config).file("l0/layer.tar", LAYER)
                        .file("manifest.json", TarFixture.dockerManifest(lie, "app:1", List.of("l0/layer.tar"))),
                "config " + lie + " does not match its name: its content is sha256:" + sha(config));
    }

    @Test
    void layerWhoseContentLiesAboutItsDiffIdIsRefusedAndTheLayersBeforeItAreTakenBack() {
        byte[] lying = OTHER_LAYER.clone();
        lying[700] ^= 1;
        String config = TarFixture.config(LAYER, OTHER_LAYER);
        refused(new TarFixture().file(sha(config) + ".json", config).file("l0/layer.tar", LAYER).file("l1/layer.tar", lying)
                        .file("manifest.json", TarFixture.dockerManifest(sha(config) + ".json", "app:1",
                                List.of("l0/layer.tar", "l1/layer.tar"))),
                "entry l1/layer.tar: content does not match its digest: expected " + Digest.sha256(OTHER_LAYER));
    }

    @Test
    void ociBlobWhoseSizeLiesIsRefusedBeforeItIsRead() {
        String config = TarFixture.config(LAYER);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + sha(config) + "\",\"size\":"
                + config.length() + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + Digest.sha256(LAYER) + "\",\"size\":" + (LAYER.length - 512) + "}]}";
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"sha256:" + sha(manifest) + "\",\"size\":" + manifest.length() + "}]}";
        refused(new TarFixture().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                        .file("blobs/sha256/" + sha(config), config)
                        .file("blobs/sha256/" + Digest.sha256(LAYER).hex(), LAYER)
                        .file("blobs/sha256/" + sha(manifest), manifest)
                        .file("index.json", index),
                "entry blobs/sha256/" + Digest.sha256(LAYER).hex() + " is " + LAYER.length + " bytes, but its descriptor in manifest "
                        + "blobs/sha256/" + sha(manifest) + " says blob " + Digest.sha256(LAYER) + " is " + (LAYER.length - 512));
    }

    @Test
    void ociBlobWhoseContentLiesAboutItsDigestIsRefusedNamingTheEntry() {
        byte[] lying = LAYER.clone();
        lying[1000] ^= 1;
        String config = TarFixture.config(LAYER);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + sha(config) + "\",\"size\":"
                + config.length() + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + Digest.sha256(LAYER) + "\",\"size\":" + LAYER.length + "}]}";
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"sha256:" + sha(manifest) + "\",\"size\":" + manifest.length() + "}]}";
        refused(new TarFixture().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                        .file("blobs/sha256/" + sha(config), config)
                        .file("blobs/sha256/" + Digest.sha256(LAYER).hex(), lying)
                        .file("blobs/sha256/" + sha(manifest), manifest)
                        .file("index.json", index),
                "entry blobs/sha256/" + Digest.sha256(LAYER).hex() + ": content does not match its digest: expected "
                        + Digest.sha256(LAYER) + " (" + LAYER.length + " bytes), got " + Digest.sha256(lying));
    }

    @Test
    void manifestThatIsNotJsonIsRefused() {
        refused(new TarFixture().file("manifest.json", "[{\"Config\": oops"), "manifest.json is not valid JSON");
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        refused(new TarFixture().file("manifest.json", "[".repeat(100_000) + "]".repeat(100_000)),
                "manifest.json is not valid JSON: Document nesting depth (65) exceeds the maximum allowed (64");
    }

    @Test
    void invalidNameInRepoTagsIsRefused() {
        String config = TarFixture.config(LAYER);
        refused(new TarFixture().file(sha(config) + ".json", config).file("l0/layer.tar", LAYER)
                        .file("manifest.json", TarFixture.dockerManifest(sha(config) + ".json", "App:\\u001b[31m",
                                List.of("l0/layer.tar"))),
                "manifest.json's image 1 has the name \"App:\u001b[31m\", which is not a valid image name");
    }

    @Test
    void decompressionBombIsStoppedAtTheRatioSayingTheLimit() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
        Path bomb = Files.write(dir.resolve("bomb.tar.gz"), gz.toByteArray());

        refusedFile(bomb, images.load(bomb), "gzip content expands more than 100 times");
    }

    @Test
    void gzipArchiveWithACorruptHeaderIsRefusedSayingSo() throws IOException {
        // found by ArchiveIndexFuzzTest: the header is read as the decompressor is made, which was outside the check
        byte[] header = {0x1f, (byte) 0x8b, 'd', '8', '6', 'a', '6', '0', 'b', '5', '4', '9'};
        Path archive = Files.write(dir.resolve("corrupt.tar.gz"), header);

        refusedFile(archive, images.load(archive), "the gzip stream is corrupt or truncated: Unsupported compression "
                + "method 100 in the .gz header");
    }

    @Test
    void compressedArchivePastTheTotalLimitIsStoppedSayingIt() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TarFixture.dockerArchive(LAYER, OTHER_LAYER).bytes());
        }
        Path archive = Files.write(dir.resolve("app.tar.gz"), gz.toByteArray());

        refusedFile(archive, images.load(archive).limits(ArchiveLimits.DEFAULT.withMaxExpandedBytes(4096)),
                "gzip content expands past 4096 bytes, the limit");
    }

    @Test
    void truncatedTarIsRefused() {
        byte[] whole = TarFixture.dockerArchive(LAYER, OTHER_LAYER).bytes();
        refused(Arrays.copyOf(whole, 4000), "the archive is truncated");
    }

    @Test
    void tarEndingWithoutItsEndMarkerIsRefused() {
        byte[] whole = TarFixture.dockerArchive(LAYER).bytes();
        int end = whole.length;
        while (end > 0 && isZero(whole, end - 512, end)) {
            end -= 512; // drop the zero records of the end marker and the block padding
        }
        refused(Arrays.copyOf(whole, end), "ends without the tar end-of-archive marker: the archive is truncated");
    }

    @Test
    void tooManyEntriesAreRefusedSayingTheLimit() {
        TarFixture tar = TarFixture.dockerArchive(LAYER);
        for (int i = 0; i < 30; i++) {
            tar.file("junk/" + i, "");
        }
        Path file = tar.write(dir.resolve("many.tar"));
        refusedFile(file, images.load(file).limits(ArchiveLimits.DEFAULT.withMaxEntries(20)),
                "has more than 20 entries, the limit");
    }

    @Test
    void absurdlyLongNameIsRefusedSayingTheLimit() {
        refused(TarFixture.dockerArchive(LAYER).file("x".repeat(5000), "x"),
                "has an entry name of 5000 bytes (\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"…), more than the limit of 1024");
    }

    @Test
    void hugeExtendedHeaderIsRefusedBeforeItIsReadIntoMemory() {
        String record = " path=" + "y".repeat(300_000) + "\n";
        String length = String.valueOf(record.length() + 6);
        byte[] pax = (length + record).getBytes(StandardCharsets.US_ASCII);
        refused(TarFixture.dockerArchive(LAYER).raw("PaxHeaders/y", TarConstants.LF_PAX_EXTENDED_HEADER_LC, pax).file("y", "x"),
                "an extended header (PAX or GNU long name) of " + pax.length + " bytes, more than the limit of 65536");
    }

    @Test
    void deviceEntryIsRefused() {
        refused(TarFixture.dockerArchive(LAYER).special("dev/sda", TarConstants.LF_BLK),
                "entry \"dev/sda\" is a block device; an image archive holds files, directories and links only");
    }

    @Test
    void randomBytesAreNoArchive() {
        byte[] noise = new byte[10_000];
        new java.util.Random(3).nextBytes(noise);
        refused(noise, "not a readable tar archive");
    }

    private void refused(TarFixture tar, String message) {
        refused(tar.bytes(), message);
    }

    private void refused(byte[] archive, String message) {
        Path file;
        try {
            file = Files.write(dir.resolve("hostile-" + System.nanoTime() + ".tar"), archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        refusedFile(file, images.load(file), message);
    }

    private void refusedFile(Path file, LoadRequest request, String message) {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, request::call);
        assertTrue(e.getMessage().startsWith(file.toString() + ": ") && e.getMessage().contains(message),
                "message: " + e.getMessage());
        assertEquals(before, StoreFiles.snapshot(store), "the store changed");
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = Math.max(0, from); i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String sha(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).hex();
    }

}
