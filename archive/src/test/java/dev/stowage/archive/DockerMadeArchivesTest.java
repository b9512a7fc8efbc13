package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageManager;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.LoadResult;
import dev.stowage.core.LoadedImage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archives Docker itself wrote (see resources/docker-archives/README.md), loaded as docker loads them. */
class DockerMadeArchivesTest {
    @TempDir
    Path dir;

    private ImageManager images;

    @BeforeEach
    void open() {
        images = ImageManager.builder().store(FileImageStore.open(dir.resolve("store"))).build();
    }

    @AfterEach
    void close() {
        images.close();
    }

    static Path archive(String name) {
        try {
            return Path.of(DockerMadeArchivesTest.class.getResource("/docker-archives/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void docker24ArchiveLoadsWithItsNameAndImageId() {
        LoadResult result = images.load(archive("test_image_1.tar")).call();

        LoadedImage image = result.images().get(0);
        assertEquals(List.of(ImageReference.parse("bazel/v1/tarball:test_image_1")), image.names());
        assertEquals(Digest.parse("sha256:6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e"), image.imageId());
        ImageManifest manifest = (ImageManifest) images.store().manifest(image.manifestDigest());
        assertEquals(MediaTypes.DOCKER_MANIFEST, manifest.mediaType());
        assertEquals(MediaTypes.DOCKER_LAYER_TAR, manifest.layers().get(0).mediaType());
        assertEquals(Digest.parse("sha256:8897395fd26dc44ad0e2a834335b33198cb41ac4d98dfddf58eced3853fa7b17"),
                manifest.layers().get(0).digest(), "an uncompressed layer's digest is its diff_id");
    }

    @Test
    void repoTagWithoutTagMeansLatest() {
        LoadResult result = images.load(archive("test_image_2.tar")).call();

        assertEquals(List.of(ImageReference.parse("bazel/v1/tarball:test_image_2")), result.images().get(0).names());
    }

    @Test
    void bundleLoadsBothImagesEachUnderItsName() {
        LoadResult result = images.load(archive("test_bundle.tar")).call();

        assertEquals(2, result.images().size());
        assertEquals(List.of(ImageReference.parse("test_image_2:latest")), result.images().get(0).names());
        assertEquals(List.of(ImageReference.parse("test_image_1:latest")), result.images().get(1).names());
        assertTrue(images.store().resolve(ImageReference.parse("test_image_1:latest")).isPresent());
    }

    @Test
    void layerSharedThroughARelativeSymlinkLoads() {
        LoadResult result = images.load(archive("test_link.tar")).call();

        assertEquals(2, result.images().size());
        ImageManifest second = (ImageManifest) images.store().manifest(result.images().get(1).manifestDigest());
        ImageManifest first = (ImageManifest) images.store().manifest(result.images().get(0).manifestDigest());
        assertEquals(first.layers().get(0).digest(), second.layers().get(0).digest(), "the linked layer is the shared one");
        assertEquals(List.of(ImageReference.parse("bazel/v1/tarball:test_image_3")), result.images().get(1).names());
    }

    @Test
    void docker25CombinedArchiveLoadsUntagged() {
        LoadResult result = images.load(archive("hello-world-v25.tar")).call();

        LoadedImage image = result.images().get(0);
        assertEquals(List.of(), image.names());
        assertEquals(Digest.parse("sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44"), image.imageId());
        assertTrue(images.store().images().get(0).isDangling());
    }

    @Test
    void preDocker110ArchiveIsRefusedSayingWhy() {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> images.load(archive("no_manifest.tar")).call());

        assertTrue(e.getMessage().contains("no manifest.json: this is the pre-Docker-1.10 archive form"), e.getMessage());
        assertEquals(List.of(), images.store().images());
    }

    @Test
    void emptyManifestLoadsNothingAsDockerDoes() {
        Path empty = new TarFixture().file("manifest.json", "[]").write(dir.resolve("empty.tar"));

        assertEquals(List.of(), images.load(empty).call().images());
    }

    @Test
    void nullManifestIsRefused() {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> images.load(archive("null_manifest.tar")).call());

        assertTrue(e.getMessage().endsWith("manifest.json is null: it lists no image"), e.getMessage());
    }
}
