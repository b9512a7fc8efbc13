package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.core.InvalidStoreException;
import dev.stowage.core.model.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileImageStoreTest extends ImageStoreContract {
    @TempDir
    Path dir;
    private FileImageStore store;

    @BeforeEach
    void open() {
        store = FileImageStore.open(dir.resolve("store"));
    }

    @Override
    StoreEngine store() {
        return store;
    }

    @Override
    void corrupt(Digest blob) {
        Path p = dir.resolve("store/blobs/sha256/" + blob.hex());
        try {
            Files.write(p, TestImages.random((int) Files.size(p), 99));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void newStoreIsAnEmptyOciLayout() throws IOException {
        Path root = dir.resolve("store");
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(root.resolve("oci-layout")));
        JsonNode index = StoreJson.MAPPER.readTree(root.resolve("index.json").toFile());
        assertEquals(2, index.get("schemaVersion").asInt());
        assertEquals(0, index.get("manifests").size());
        assertTrue(Files.isDirectory(root.resolve("blobs")));
    }

    @Test
    void tagIsAnIndexEntryAnnotatedWithTheFullReference() throws IOException {
        TestImages.Image a = TestImages.store(store, 1);
        store.tag(a.manifest(), ref("nginx:1.21"));
        JsonNode entry = StoreJson.MAPPER.readTree(dir.resolve("store/index.json").toFile()).get("manifests").get(0);
        assertEquals("docker.io/library/nginx:1.21", entry.get("annotations").get("org.opencontainers.image.ref.name").asText());
        assertEquals(a.manifest().toString(), entry.get("digest").asText());
        assertEquals(a.manifestRaw().length, entry.get("size").asLong());
        assertEquals("application/vnd.oci.image.manifest.v1+json", entry.get("mediaType").asText());
    }

    @Test
    void imagesSurviveReopeningAndLosingStowagesMetadata() throws IOException {
        TestImages.Image a = TestImages.store(store, 2);
        store.tag(a.manifest(), ref("app:1"));
        try (var s = Files.walk(dir.resolve("store/stowage"))) {
            s.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.getFileName().toString().equals("lock"))
                    .filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
        }
        FileImageStore reopened = FileImageStore.open(dir.resolve("store"));
        assertEquals(a.manifest(), reopened.resolve("app:1").orElseThrow().digest());
        assertTrue(reopened.verify(false).isClean());
    }

    @Test
    void directoryThatIsNotALayoutIsRefusedWithoutWritingToIt() throws IOException {
        Path other = Files.createDirectories(dir.resolve("documents"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        InvalidStoreException e = assertThrows(InvalidStoreException.class, () -> FileImageStore.open(other));
        assertTrue(e.getMessage().contains("not an OCI image layout"), e.getMessage());
        try (var s = Files.list(other)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void creationCutShortBeforeTheLayoutMarkerIsCompletedOnOpen() throws IOException {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.createDirectories(partial.resolve("blobs"));
        Files.createDirectories(partial.resolve("stowage/tmp"));
        Files.write(partial.resolve("index.json"), LayoutIndex.empty().toJson());
        FileImageStore opened = FileImageStore.open(partial);
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(partial.resolve("oci-layout")));
        TestImages.Image a = TestImages.store(opened, 9);
        opened.tag(a.manifest(), ref("app:1"));
        assertEquals(a.manifest(), FileImageStore.open(partial).resolve("app:1").orElseThrow().digest());
    }

    @Test
    void creationCutShortWithOnlyBlobsDirectoryIsCompletedOnOpen() throws IOException {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.createDirectories(partial.resolve("blobs"));
        FileImageStore.open(partial);
        assertTrue(Files.isRegularFile(partial.resolve("oci-layout")));
        assertTrue(Files.isRegularFile(partial.resolve("index.json")));
    }

    @Test
    void directoryWithStowagesStartAndAForeignFileIsRefused() throws IOException {
        Path other = Files.createDirectories(dir.resolve("mixed"));
        Files.createDirectories(other.resolve("blobs"));
        Files.createDirectories(other.resolve("stowage"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        InvalidStoreException e = assertThrows(InvalidStoreException.class, () -> FileImageStore.open(other));
        assertTrue(e.getMessage().contains("not an OCI image layout"), e.getMessage());
        assertFalse(Files.exists(other.resolve("oci-layout")));
    }

    @Test
    void directoryWithBlobsButNoLayoutMarkerIsRefused() throws IOException {
        Path other = Files.createDirectories(dir.resolve("blobs-only"));
        Files.createDirectories(other.resolve("blobs/sha256"));
        assertThrows(InvalidStoreException.class, () -> FileImageStore.open(other));
        assertFalse(Files.exists(other.resolve("oci-layout")));
    }

    @Test
    void newerLayoutVersionIsRefused() throws IOException {
        Path other = Files.createDirectories(dir.resolve("future"));
        Files.writeString(other.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        InvalidStoreException e = assertThrows(InvalidStoreException.class, () -> FileImageStore.open(other));
        assertTrue(e.getMessage().contains("2.0.0") && e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void storeReachedThroughALinkIsOpenedAtItsRealDirectory() throws IOException {
        TestImages.Image a = TestImages.store(store, 5);
        store.tag(a.manifest(), ref("app:1"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("store"));
        try (FileImageStore viaLink = FileImageStore.open(link)) {
            assertEquals(dir.resolve("store").toRealPath(), viaLink.directory());
            assertEquals(a.manifest(), viaLink.resolve("app:1").orElseThrow().digest());
        }
    }

    @Test
    void fileThatIsNotADirectoryIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThrows(InvalidStoreException.class, () -> FileImageStore.open(file));
    }

    @Test
    void unreadableMetadataIsReportedAndRebuiltByRepair() throws IOException {
        TestImages.Image a = TestImages.store(store, 3);
        store.tag(a.manifest(), ref("app:1"));
        Files.writeString(dir.resolve("store/stowage/metadata.json"), "{not json");
        assertEquals(a.manifest(), store.resolve("app:1").orElseThrow().digest(), "metadata is never needed to read images");
        assertEquals(1, store.verify(true).problems().size());
        assertTrue(store.verify(false).isClean());
    }

    @Test
    void shortRefNamesOfOtherToolsResolveByTheirExactText() throws IOException {
        TestImages.Image a = TestImages.store(store, 4);
        store.addUntagged(a.manifest());
        Path index = dir.resolve("store/index.json");
        Files.writeString(index, Files.readString(index).replace("\"size\"",
                "\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"},\"size\""));
        assertEquals(a.manifest(), store.resolve("v1").orElseThrow().digest());
        assertTrue(store.resolve("v1").orElseThrow().references().isEmpty());
    }

    @Test
    void theBuildCacheSurvivesReopeningTheStore() {
        TestImages.Image a = TestImages.store(store, 34);
        store.tag(a.manifest(), ref("app:1"));
        dev.stowage.core.model.Digest key = dev.stowage.core.model.Digest.sha256(new byte[] {3});
        store.putBuildCache(key, new byte[] {1, 2, 3}, java.util.Set.of(a.layers().get(0).digest()));
        try (FileImageStore reopened = FileImageStore.open(dir.resolve("store"))) {
            assertArrayEquals(new byte[] {1, 2, 3}, reopened.buildCache(key).orElseThrow());
        }
    }
}
