package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What FileImageStore writes, skopeo reads; what skopeo writes, FileImageStore reads. */
class SkopeoInteropIT {
    @TempDir
    Path dir;

    static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "skopeo " + String.join(" ", args) + " failed:\n" + out);
        return out;
    }

    private static JsonNode indexEntry(Path layout, int i) throws IOException {
        return StoreJson.MAPPER.readTree(layout.resolve("index.json").toFile()).get("manifests").get(i);
    }

    @Test
    void skopeoCopiesAStoredImageByItsFullReferenceWithTheSameManifestDigest() throws Exception {
        Path storeDir = dir.resolve("store");
        FileImageStore store = FileImageStore.open(storeDir);
        TestImages.Image img = TestImages.store(store, Platform.of("linux", "amd64"), Map.of("a", "b"),
                Instant.parse("2024-02-03T04:05:06Z"), 1, 2);
        store.tag(img.manifest(), ImageReference.parse("docker.io/library/x:1"));
        Path other = dir.resolve("other");
        skopeo("copy", "oci:" + storeDir + ":docker.io/library/x:1", "oci:" + other + ":docker.io/library/x:1");
        JsonNode entry = indexEntry(other, 0);
        assertEquals(img.manifest().toString(), entry.get("digest").asText());
        assertEquals("docker.io/library/x:1", entry.get("annotations").get("org.opencontainers.image.ref.name").asText());
        String inspected = skopeo("inspect", "--raw", "oci:" + storeDir + ":docker.io/library/x:1");
        assertEquals(new String(img.manifestRaw(), StandardCharsets.UTF_8), inspected);
    }

    @Test
    void imageSkopeoWroteIsReadListedResolvedAndVerified() throws Exception {
        Path source = dir.resolve("source");
        FileImageStore src = FileImageStore.open(source);
        TestImages.Image img = TestImages.store(src, Platform.of("linux", "arm64"), Map.of("team", "x"),
                Instant.parse("2022-01-01T00:00:00Z"), 3, 4, 5);
        src.tag(img.manifest(), ImageReference.parse("registry.example.com/team/app:2"));
        Path written = dir.resolve("written");
        skopeo("copy", "oci:" + source + ":registry.example.com/team/app:2",
                "oci:" + written + ":registry.example.com/team/app:2");
        assertTrue(Files.notExists(written.resolve("stowage")), "skopeo's layout has no Stowage metadata");

        FileImageStore store = FileImageStore.open(written);
        List<ImageRecord> images = store.images();
        assertEquals(1, images.size());
        ImageRecord r = store.resolve("registry.example.com/team/app:2").orElseThrow();
        assertEquals(img.manifest(), r.digest());
        assertEquals(img.config().digest(), r.id());
        assertEquals(Map.of("team", "x"), r.labels());
        assertEquals("linux/arm64", r.platform().orElseThrow().toString());
        assertEquals(Instant.parse("2022-01-01T00:00:00Z"), r.created().orElseThrow());
        assertTrue(store.verify(false).isClean(), store.verify(false).toString());
        assertEquals(0, store.gc().removedBlobs().size(), "every blob skopeo wrote belongs to the image");
    }

    @Test
    void imageSkopeoWroteUnderAShortNameResolvesByThatName() throws Exception {
        Path source = dir.resolve("source");
        FileImageStore src = FileImageStore.open(source);
        TestImages.Image img = TestImages.store(src, 6);
        src.tag(img.manifest(), ImageReference.parse("docker.io/library/y:1"));
        Path written = dir.resolve("written");
        skopeo("copy", "oci:" + source + ":docker.io/library/y:1", "oci:" + written + ":latest");
        FileImageStore store = FileImageStore.open(written);
        assertEquals(img.manifest(), store.resolve("latest").orElseThrow().digest());
    }

    @Test
    void skopeoAddingAnImageBesideStowagesKeepsBothReadable() throws Exception {
        Path storeDir = dir.resolve("store");
        FileImageStore store = FileImageStore.open(storeDir);
        TestImages.Image a = TestImages.store(store, 7);
        store.tag(a.manifest(), ImageReference.parse("docker.io/library/a:1"));
        skopeo("copy", "oci:" + storeDir + ":docker.io/library/a:1", "oci:" + storeDir + ":docker.io/library/b:1");
        assertEquals(a.manifest(), store.resolve("b:1").orElseThrow().digest());
        assertEquals(2, store.resolve("a:1").orElseThrow().tags().size());
        assertTrue(store.verify(false).isClean());
    }
}
