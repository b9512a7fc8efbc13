package dev.stowage.store.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.BuiltIndex;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.ImageFormat;
import dev.stowage.core.build.InvalidLayerPathException;
import dev.stowage.core.build.LayerCompression;
import dev.stowage.core.model.ContainerConfig;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.HistoryEntry;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.InvalidManifestException;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.store.InMemoryImageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageBuilderTest {
    private static final ImageReference APP = ImageReference.parse("registry.example.com/team/app:1");
    private static final Map<String, String> NO_ENV = Map.of();

    private final InMemoryImageStore store = new InMemoryImageStore();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        store.close();
    }

    private static ImageBuilder app() {
        return ImageBuilder.fromScratch()
                .environment(NO_ENV)
                .platform(Platform.parse("linux/amd64"))
                .layer(l -> l.file("app/run.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0755)
                        .createdBy("COPY run.sh /app/"))
                .entrypoint("/app/run.sh");
    }

    @Test
    void buildTagsTheImageUnderTheReferenceWithTheReturnedDigestAndId() {
        BuiltImage built = app().build(store, APP);
        ImageRecord record = store.resolve(APP).orElseThrow();
        assertEquals(built.manifestDigest(), record.digest());
        assertEquals(built.imageId(), record.id());
        assertEquals(built.manifest().digest(), built.manifestDigest());
        assertEquals(built.config().digest(), built.imageId());
        assertEquals(built.manifest().layers(), built.layers());
    }

    @Test
    void buildWithoutReferenceLeavesADanglingImageFoundByItsId() {
        BuiltImage built = app().build(store);
        ImageRecord record = store.resolve(built.imageId().toString()).orElseThrow();
        assertTrue(record.isDangling());
        assertEquals(built.manifestDigest(), record.digest());
    }

    static Stream<Arguments> compressions() {
        return Stream.of(Arguments.of(LayerCompression.gzip(), MediaTypes.OCI_LAYER_TAR_GZIP),
                Arguments.of(LayerCompression.gzip(1), MediaTypes.OCI_LAYER_TAR_GZIP),
                Arguments.of(LayerCompression.zstd(), MediaTypes.OCI_LAYER_TAR_ZSTD),
                Arguments.of(LayerCompression.none(), MediaTypes.OCI_LAYER_TAR));
    }

    @ParameterizedTest
    @MethodSource("compressions")
    void layerDigestIsTheStoredBlobsAndDiffIdIsTheUncompressedTars(LayerCompression compression, String type)
            throws IOException {
        BuiltImage built = app().compression(compression).build(store, APP);
        Descriptor layer = built.layers().get(0);
        assertEquals(type, layer.mediaType());
        assertEquals(layer.digest(), StoredLayers.sha256(store.openBlob(layer.digest())));
        assertEquals(layer.size(), store.blobSize(layer.digest()).orElseThrow());
        assertEquals(built.config().rootfs().diffIds().get(0),
                StoredLayers.sha256(StoredLayers.uncompressed(store, layer)));
        assertEquals(List.of("app/", "app/run.sh"), List.copyOf(StoredLayers.entries(store, layer).keySet()));
    }

    @Test
    void ociIsTheDefaultFormat() {
        BuiltImage built = app().build(store, APP);
        assertEquals(MediaTypes.OCI_MANIFEST, built.manifest().mediaType());
        assertEquals(MediaTypes.OCI_CONFIG, built.manifest().config().mediaType());
    }

    @Test
    void dockerFormatUsesDockerTypesForManifestConfigAndLayers() {
        BuiltImage built = app().format(ImageFormat.DOCKER).build(store, APP);
        assertEquals(MediaTypes.DOCKER_MANIFEST, built.manifest().mediaType());
        assertEquals(MediaTypes.DOCKER_CONFIG, built.manifest().config().mediaType());
        assertEquals(MediaTypes.DOCKER_LAYER_TAR_GZIP, built.layers().get(0).mediaType());
        assertEquals(MediaTypes.DOCKER_MANIFEST, store.resolve(APP).orElseThrow().mediaType());
    }

    @Test
    void dockerFormatWithZstdIsRefusedBeforeAnythingIsTagged() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> app().format(ImageFormat.DOCKER).compression(LayerCompression.zstd()).build(store, APP));
        assertEquals("zstd compression cannot be written with Docker media types, which have no zstd or other such"
                + " layer type; use ImageFormat.OCI", e.getMessage());
        assertTrue(store.images().isEmpty());
    }

    @Test
    void sameInputsGiveTheSameDigests() {
        BuiltImage first = app().build(store, APP);
        BuiltImage second = app().build(new InMemoryImageStore(), APP);
        assertEquals(first.manifestDigest(), second.manifestDigest());
        assertEquals(first.imageId(), second.imageId());
    }

    @Test
    void oneBuilderBuildsTheSameImageTwice() {
        ImageBuilder builder = app();
        assertEquals(builder.build(store, APP).manifestDigest(), builder.build(store).manifestDigest());
    }

    @Test
    void anotherLayerChangesTheManifestButNotTheEarlierLayer() {
        BuiltImage first = app().build(store, APP);
        BuiltImage other = app().layer(l -> l.file("x", new byte[] {1})).build(store, APP);
        assertEquals(first.layers().get(0), other.layers().get(0));
        assertNotEquals(first.manifestDigest(), other.manifestDigest());
    }

    @Test
    void withoutSourceDateEpochEverythingIsDatedTheUnixEpoch() throws IOException {
        BuiltImage built = app().build(store, APP);
        assertEquals(Optional.of(Instant.EPOCH), built.config().created());
        assertEquals(Optional.of(Instant.EPOCH), built.config().history().get(0).created());
        for (TarArchiveEntry e : StoredLayers.entries(store, built.layers().get(0)).values()) {
            assertEquals(Instant.EPOCH, e.getLastModifiedTime().toInstant(), e.getName());
        }
    }

    @Test
    void sourceDateEpochDatesConfigHistoryAndEntries() throws IOException {
        Instant t = Instant.ofEpochSecond(1700000000);
        BuiltImage built = app().environment(Map.of("SOURCE_DATE_EPOCH", "1700000000")).build(store, APP);
        assertEquals(Optional.of(t), built.config().created());
        assertEquals(Optional.of(t), built.config().history().get(0).created());
        for (TarArchiveEntry e : StoredLayers.entries(store, built.layers().get(0)).values()) {
            assertEquals(t, e.getLastModifiedTime().toInstant(), e.getName());
        }
        assertNotEquals(app().build(store).manifestDigest(), built.manifestDigest());
    }

    @Test
    void settingsAreWrittenIntoTheConfig() {
        BuiltImage built = app()
                .cmd("--port", "8080")
                .env("JAVA_OPTS", "-Xmx64m")
                .workingDir("/app")
                .user("1000:1000")
                .label("org.opencontainers.image.version", "1.2")
                .exposedPort("8080/tcp")
                .volume("/data")
                .platform(Platform.parse("linux/arm64/v8"))
                .author("team@example.com")
                .created(Instant.parse("2024-01-02T03:04:05Z"))
                .build(store, APP);
        ImageConfig config = StoredLayers.config(store, built.imageId());
        ContainerConfig c = config.config();
        assertEquals(List.of("/app/run.sh"), c.entrypoint());
        assertEquals(List.of("--port", "8080"), c.cmd());
        assertEquals(List.of("JAVA_OPTS=-Xmx64m"), c.env());
        assertEquals("/app", c.workingDir());
        assertEquals("1000:1000", c.user());
        assertEquals(Map.of("org.opencontainers.image.version", "1.2"), c.labels());
        assertEquals(Set.of("8080/tcp"), c.exposedPorts());
        assertEquals(Set.of("/data"), c.volumes());
        assertEquals("linux", config.os());
        assertEquals("arm64", config.architecture());
        assertEquals(Optional.of("v8"), config.variant());
        assertEquals("team@example.com", config.author());
        assertEquals(Optional.of(Instant.parse("2024-01-02T03:04:05Z")), config.created());
        assertEquals("COPY run.sh /app/", config.history().get(0).createdBy());
    }

    @Test
    void malformedSettingIsRefusedBeforeAnyLayerIsWritten() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> app().exposedPort("http").build(store, APP));
        assertTrue(e.getMessage().startsWith("invalid image config: config.ExposedPorts[\"http\"] must be a port"),
                e.getMessage());
        assertTrue(store.images().isEmpty());
        assertTrue(store.gc().removedBlobs().isEmpty());
    }

    @Test
    void historyOfEmptyStepsSitsBetweenTheLayersInOrder() {
        BuiltImage built = ImageBuilder.fromScratch().environment(NO_ENV)
                .layer(l -> l.file("a", new byte[0]).createdBy("COPY a /"))
                .history("ENV A=1")
                .addLayerFromDirectory(dir, "d", "COPY d /d")
                .build(store, APP);
        List<HistoryEntry> history = built.config().history();
        assertEquals(List.of("COPY a /", "ENV A=1", "COPY d /d"), history.stream().map(HistoryEntry::createdBy).toList());
        assertEquals(List.of(false, true, false), history.stream().map(HistoryEntry::emptyLayer).toList());
        assertEquals(2, built.config().rootfs().diffIds().size());
    }

    @Test
    void ociImageWithoutLayersIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ImageBuilder.fromScratch().environment(NO_ENV).cmd("true").build(store, APP));
        assertTrue(e.getMessage().startsWith("an OCI image needs at least one layer"), e.getMessage());
        assertTrue(store.images().isEmpty());
    }

    @Test
    void indexOverImagesMissingFromTheStoreIsRefused() {
        BuiltImage amd64 = app().build(store);
        try (InMemoryImageStore other = new InMemoryImageStore()) {
            BlobNotFoundException e = assertThrows(BlobNotFoundException.class,
                    () -> ImageBuilder.index().add(amd64).build(other, APP));
            assertEquals("blob " + amd64.manifestDigest() + " is not in the store (pull the image again to fetch it)",
                    e.getMessage());
            assertTrue(other.images().isEmpty());
        }
    }

    @Test
    void annotationsGoOnTheManifest() {
        BuiltImage built = app().annotation("org.opencontainers.image.source", "https://example.com/app")
                .build(store, APP);
        assertEquals(Map.of("org.opencontainers.image.source", "https://example.com/app"),
                built.manifest().annotations());
    }

    @Test
    void annotationsWithDockerFormatAreRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> app().format(ImageFormat.DOCKER).annotation("a", "b").build(store, APP));
        assertEquals("Docker manifests have no annotations; use ImageFormat.OCI to set a", e.getMessage());
        assertTrue(store.images().isEmpty());
    }

    @Test
    void layerPathOutsideTheRootIsRefusedWhenGiven() {
        InvalidLayerPathException e = assertThrows(InvalidLayerPathException.class,
                () -> ImageBuilder.fromScratch().layer(l -> l.file("../../etc/passwd", new byte[0])));
        assertTrue(e.getMessage().contains("../../etc/passwd"), e.getMessage());
        InvalidLayerPathException absolute = assertThrows(InvalidLayerPathException.class,
                () -> ImageBuilder.fromScratch().layer(l -> l.file("/etc/passwd", new byte[0])));
        assertTrue(absolute.getMessage().startsWith("invalid layer path \"/etc/passwd\": is absolute"),
                absolute.getMessage());
        InvalidLayerPathException outside = assertThrows(InvalidLayerPathException.class,
                () -> ImageBuilder.fromScratch().addLayerFromDirectory(dir, "../outside"));
        assertTrue(outside.getMessage().startsWith("invalid layer path \"../outside\": has a .. component"),
                outside.getMessage());
    }

    @Test
    void tarLayerWithAnEscapingEntryFailsTheBuildAndTagsNothing() throws IOException {
        Path tar = dir.resolve("evil.tar");
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            TarArchiveEntry ok = new TarArchiveEntry("fine.txt");
            ok.setSize(0);
            t.putArchiveEntry(ok);
            t.closeArchiveEntry();
            TarArchiveEntry evil = new TarArchiveEntry("../../../tmp/evil");
            evil.setSize(0);
            t.putArchiveEntry(evil);
            t.closeArchiveEntry();
        }
        InvalidLayerPathException e = assertThrows(InvalidLayerPathException.class,
                () -> app().addLayerFromTar(tar).build(store, APP));
        assertTrue(e.getMessage().contains("../../../tmp/evil"), e.getMessage());
        assertTrue(store.images().isEmpty());
    }

    @Test
    void tarLayerIsAddedWithItsEntries() throws IOException {
        Path tar = dir.resolve("rootfs.tar");
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            TarArchiveEntry bin = new TarArchiveEntry("./bin/sh");
            bin.setSize(3);
            bin.setMode(0755);
            t.putArchiveEntry(bin);
            t.write(new byte[] {1, 2, 3});
            t.closeArchiveEntry();
        }
        BuiltImage built = ImageBuilder.fromScratch().environment(NO_ENV).addLayerFromTar(tar, "ADD rootfs.tar /")
                .build(store, APP);
        Map<String, TarArchiveEntry> entries = StoredLayers.entries(store, built.layers().get(0));
        assertEquals(Set.of("bin/sh"), entries.keySet());
        assertEquals(0755, entries.get("bin/sh").getMode());
        assertEquals("ADD rootfs.tar /", built.config().history().get(0).createdBy());
    }

    @Test
    void fromBaseKeepsItsLayersHistoryAndSettings() {
        BuiltImage base = app().cmd("serve").env("A", "1").build(store, ImageReference.parse("base:1"));
        BuiltImage child = ImageBuilder.from(store, ImageReference.parse("base:1")).environment(NO_ENV)
                .layer(l -> l.file("app/config.yml", new byte[] {1}).createdBy("COPY config.yml /app/"))
                .env("B", "2")
                .build(store, APP);
        assertEquals(base.layers().get(0), child.layers().get(0));
        assertEquals(2, child.layers().size());
        assertEquals(base.config().rootfs().diffIds().get(0), child.config().rootfs().diffIds().get(0));
        assertEquals(List.of("COPY run.sh /app/", "COPY config.yml /app/"),
                child.config().history().stream().map(HistoryEntry::createdBy).toList());
        assertEquals(List.of("serve"), child.config().config().cmd());
        assertEquals(List.of("A=1", "B=2"), child.config().config().env());
        assertEquals("amd64", child.config().architecture());
    }

    @Test
    void entrypointOnABaseClearsTheInheritedCmdAsDockerDoes() {
        app().cmd("serve").build(store, ImageReference.parse("base:1"));
        BuiltImage child = ImageBuilder.from(store, ImageReference.parse("base:1")).environment(NO_ENV)
                .entrypoint("/bin/other").build(store, APP);
        assertEquals(List.of(), child.config().config().cmd());
    }

    @Test
    void fromBaseInAnotherStoreCopiesTheBaseLayers() {
        BuiltImage base = app().build(store, ImageReference.parse("base:1"));
        try (InMemoryImageStore other = new InMemoryImageStore()) {
            BuiltImage child = ImageBuilder.from(store, ImageReference.parse("base:1")).environment(NO_ENV)
                    .build(other, APP);
            assertTrue(other.hasBlob(base.layers().get(0).digest()));
            assertEquals(child.manifestDigest(), other.resolve(APP).orElseThrow().digest());
            assertTrue(other.verify(false).problems().isEmpty());
        }
    }

    @Test
    void fromAReferenceWithoutTagMeansLatest() {
        BuiltImage base = app().build(store, ImageReference.parse("base:latest"));
        BuiltImage child = ImageBuilder.from(store, ImageReference.parse("base")).environment(NO_ENV).build(store, APP);
        assertEquals(base.layers(), child.layers());
    }

    @Test
    void fromMissingBaseFailsNamingIt() {
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                () -> ImageBuilder.from(store, ImageReference.parse("nothing:here")));
        assertTrue(e.getMessage().contains("nothing:here"), e.getMessage());
    }

    @Test
    void indexListsEachImageWithItsPlatformAndIsTagged() {
        BuiltImage amd64 = app().platform(Platform.parse("linux/amd64")).build(store);
        BuiltImage arm64 = app().platform(Platform.parse("linux/arm64/v8")).build(store);
        BuiltIndex built = ImageBuilder.index().add(amd64).add(arm64).build(store, APP);
        ImageIndex index = (ImageIndex) store.manifest(built.digest());
        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        assertEquals(amd64.manifestDigest(), index.manifestFor(Platform.parse("linux/amd64")).orElseThrow().digest());
        assertEquals(arm64.manifestDigest(), index.manifestFor(Platform.parse("linux/arm64")).orElseThrow().digest());
        assertEquals(built.digest(), store.resolve(APP).orElseThrow().digest());
    }

    @Test
    void indexOfDockerImagesIsADockerManifestList() {
        BuiltImage amd64 = app().format(ImageFormat.DOCKER).build(store);
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, ImageBuilder.index().add(amd64).build(store).index().mediaType());
    }

    @Test
    void fromAMultiPlatformBaseTakesTheRequestedPlatform() {
        BuiltImage amd64 = app().platform(Platform.parse("linux/amd64")).build(store);
        BuiltImage arm64 = app().platform(Platform.parse("linux/arm64")).layer(l -> l.file("arm", new byte[0]))
                .build(store);
        ImageBuilder.index().add(amd64).add(arm64).build(store, ImageReference.parse("multi:1"));
        BuiltImage child = ImageBuilder.from(store, ImageReference.parse("multi:1"), Platform.parse("linux/arm64"))
                .environment(NO_ENV).build(store, APP);
        assertEquals(arm64.layers(), child.layers());
        assertEquals("arm64", child.config().architecture());
        assertFalse(child.config().history().isEmpty());
    }

    @Test
    void fileContentsAreKeptByteForByte() throws IOException {
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        BuiltImage built = ImageBuilder.fromScratch().environment(NO_ENV).layer(l -> l.file("big.bin", content))
                .build(store, APP);
        Map<String, byte[]> contents = new java.util.HashMap<>();
        StoredLayers.entries(store, built.layers().get(0), contents);
        assertArrayEquals(content, contents.get("big.bin"));
    }
}
