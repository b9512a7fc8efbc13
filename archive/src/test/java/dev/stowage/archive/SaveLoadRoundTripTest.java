package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ArchiveCompression;
import dev.stowage.core.ArchiveFormat;
import dev.stowage.core.ImageManager;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.LoadResult;
import dev.stowage.core.LoadedImage;
import dev.stowage.core.SaveResult;
import dev.stowage.core.StowageException;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.BuiltIndex;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What Stowage saves, Stowage loads back as it was: same image ID, same manifest digest, same names. */
class SaveLoadRoundTripTest {
    @TempDir
    Path dir;

    private ImageManager source;
    private ImageManager target;
    private BuiltImage base;
    private BuiltImage app;

    @BeforeEach
    void open() {
        source = ImageManager.builder().store(FileImageStore.open(dir.resolve("source"))).build();
        target = ImageManager.builder().store(FileImageStore.open(dir.resolve("target"))).build();
        base = TestImages.base(source.store(), "demo/base:1", 200_000, 1);
        app = TestImages.app(source.store(), "demo/base:1", "demo/app:1", "hello");
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void roundTripKeepsImageIdManifestDigestAndName(ArchiveFormat format) {
        Path archive = dir.resolve("app.tar");
        source.save("demo/app:1").format(format).to(archive).call();

        LoadResult loaded = target.load(archive).call();

        LoadedImage image = loaded.images().get(0);
        assertEquals(List.of(ImageReference.parse("demo/app:1")), image.names());
        assertEquals(app.imageId(), image.imageId());
        assertEquals(app.manifestDigest(), image.manifestDigest());
        assertEquals(app.manifestDigest(), target.store().resolve(ImageReference.parse("demo/app:1")).orElseThrow().digest());
    }

    @ParameterizedTest
    @EnumSource(ArchiveCompression.class)
    void compressedArchiveLoadsFromAStream(ArchiveCompression compression) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.save("demo/app:1").compression(compression).to(out).call();

        LoadResult loaded = target.load(new ByteArrayInputStream(out.toByteArray())).call();

        assertEquals(app.manifestDigest(), loaded.images().get(0).manifestDigest());
        assertEquals(List.of(), listTemporaries(), "the spooled copy is deleted");
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void multiPlatformImageRoundTripsAsItsIndex(ArchiveFormat format) {
        BuiltImage amd64 = ImageBuilder.fromScratch().platform(Platform.parse("linux/amd64"))
                .layer(l -> l.file("which", "amd64".getBytes(StandardCharsets.UTF_8))).build(source.store());
        BuiltImage arm64 = ImageBuilder.fromScratch().platform(Platform.parse("linux/arm64"))
                .layer(l -> l.file("which", "arm64".getBytes(StandardCharsets.UTF_8))).build(source.store());
        BuiltIndex index = ImageBuilder.index().add(amd64).add(arm64).build(source.store(), ImageReference.parse("demo/multi:1"));
        Path archive = dir.resolve("multi.tar");

        source.save("demo/multi:1").format(format).to(archive).call();
        LoadResult loaded = target.load(archive).call();

        assertEquals(index.digest(), loaded.images().get(0).manifestDigest());
        assertTrue(target.store().hasBlob(amd64.manifestDigest()) && target.store().hasBlob(arm64.manifestDigest()),
                "every platform came along");
    }

    @Test
    void severalImagesShareOneArchiveAndEachSharedBlobIsWrittenOnce() throws IOException {
        Path archive = dir.resolve("both.tar");
        SaveResult saved = source.save("demo/base:1", "demo/app:1").to(archive).call();

        assertEquals(2, saved.images().size());
        List<String> names = entryNames(archive);
        String sharedLayer = "blobs/sha256/" + base.manifest().layers().get(0).digest().hex();
        assertEquals(1, names.stream().filter(sharedLayer::equals).count(), names.toString());
        LoadResult loaded = target.load(archive).call();
        assertEquals(List.of(base.manifestDigest(), app.manifestDigest()),
                loaded.images().stream().map(LoadedImage::manifestDigest).toList());
    }

    @Test
    void repositoryWithoutTagSavesEveryTagOfIt() {
        source.tag("demo/app:1", "demo/app:latest");
        TestImages.app(source.store(), "demo/base:1", "demo/app:2", "two");
        Path archive = dir.resolve("repo.tar");

        SaveResult saved = source.save("demo/app").to(archive).call();

        assertEquals(2, saved.images().size());
        target.load(archive).call();
        assertEquals(app.manifestDigest(), target.store().resolve(ImageReference.parse("demo/app:latest")).orElseThrow().digest());
        assertTrue(target.store().resolve(ImageReference.parse("demo/app:2")).isPresent());
    }

    @Test
    void imageSavedByIdLoadsUntagged() {
        Path archive = dir.resolve("id.tar");
        source.save(app.imageId().hex().substring(0, 12)).to(archive).call();

        LoadResult loaded = target.load(archive).call();

        assertEquals(List.of(), loaded.images().get(0).names());
        assertEquals(app.imageId(), loaded.images().get(0).imageId());
        assertTrue(target.store().images().get(0).isDangling());
    }

    @Test
    void savingTheSameImagesTwiceWritesTheSameBytes() {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        source.save("demo/app:1", "demo/base:1").to(first).call();
        source.save("demo/app:1", "demo/base:1").to(second).call();

        assertArrayEquals(first.toByteArray(), second.toByteArray());
    }

    @Test
    void saveOfAMissingImageWritesNoFile() {
        Path archive = dir.resolve("none.tar");

        assertThrows(ImageNotFoundException.class, () -> source.save("demo/app:1", "demo/nope:1").to(archive).call());

        assertFalse(Files.exists(archive));
    }

    @Test
    void failedSaveLeavesNoPartialFile() throws IOException {
        Path archive = dir.resolve("out").resolve("app.tar");
        Files.createDirectories(archive.getParent());
        // the store's copy of the layer changes under it: the save fails half way through the tar
        Path layer = ((FileImageStore) source.store()).directory().resolve("blobs/sha256")
                .resolve(base.manifest().layers().get(0).digest().hex());
        Files.write(layer, new byte[(int) Files.size(layer)]);

        assertThrows(RuntimeException.class, () -> source.save("demo/app:1").to(archive).call());

        try (var files = Files.list(archive.getParent())) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void saveDeletesThePartialFileOfAKilledSaveToTheSameTargetAndNoOther() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path archive = out.resolve("app.tar");
        // what kill -9 leaves: a partial archive named for a process that is gone
        Path killed = Files.write(out.resolve(".app.tar.stowage-" + Long.MAX_VALUE + "-1.tmp"), new byte[4096]);
        Path running = Files.write(out.resolve(".app.tar.stowage-" + ProcessHandle.current().pid() + "-1.tmp"),
                new byte[4096]);
        Path otherTarget = Files.write(out.resolve(".other.tar.stowage-" + Long.MAX_VALUE + "-1.tmp"), new byte[4096]);

        source.save("demo/app:1").to(archive).call();

        assertFalse(Files.exists(killed));
        assertTrue(Files.exists(running), "a save still running keeps its file");
        assertTrue(Files.exists(otherTarget), "another target's file is not this save's business");
        assertTrue(Files.exists(archive));
    }

    @Test
    void copyWritesAndReadsDockerAndOciArchivesAsSkopeoNamesThem() {
        Path docker = dir.resolve("copy-docker.tar");
        Path oci = dir.resolve("copy-oci.tar");
        source.copy("store:demo/app:1", "docker-archive:" + docker + ":demo/app:1").call();
        source.copy("store:demo/app:1", "oci-archive:" + oci + ":demo/app:1").call();

        target.copy("docker-archive:" + docker + ":demo/app:1", "store:copied/docker:1").call();
        target.copy("oci-archive:" + oci + ":demo/app:1", "store:copied/oci:1").call();

        assertEquals(app.manifestDigest(), target.store().resolve(ImageReference.parse("copied/docker:1")).orElseThrow().digest());
        assertEquals(app.manifestDigest(), target.store().resolve(ImageReference.parse("copied/oci:1")).orElseThrow().digest());
        StowageException exists = assertThrows(StowageException.class,
                () -> source.copy("store:demo/app:1", "docker-archive:" + docker).call());
        assertTrue(exists.getMessage().contains("exists; an archive cannot be added to"), exists.getMessage());
    }

    private List<Path> listTemporaries() {
        try (var files = Files.list(((FileImageStore) target.store()).directory().resolve("stowage/tmp"))) {
            return files.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<String> entryNames(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
