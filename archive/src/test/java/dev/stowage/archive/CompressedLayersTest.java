package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageManager;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.LoadedImage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.store.FileImageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer tars inside a Docker 24 archive may be compressed (as {@code docker load} accepts): each is
 * stored as it is, under the digest of its compressed bytes, and what it decompresses to is checked
 * against the config's diff_id before anything is stored. Archives written by the test.
 */
class CompressedLayersTest {
    private static final byte[] LAYER = TarFixture.layer(20_000, 5);
    private static final byte[] PLAIN_LAYER = TarFixture.layer(4000, 6);

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

    @Test
    void gzipLayerLoadsUnderItsCompressedDigestBesideAnUncompressedOne() {
        byte[] gzipped = gzip(LAYER);
        Path archive = archive(List.of(LAYER, PLAIN_LAYER), List.of(gzipped, PLAIN_LAYER)).write(dir.resolve("app.tar"));

        LoadedImage image = images.load(archive).call().images().get(0);

        ImageManifest manifest = (ImageManifest) images.store().manifest(image.manifestDigest());
        assertEquals(MediaTypes.DOCKER_MANIFEST, manifest.mediaType());
        assertEquals(List.of(MediaTypes.DOCKER_LAYER_TAR_GZIP, MediaTypes.DOCKER_LAYER_TAR),
                manifest.layers().stream().map(l -> l.mediaType()).toList());
        assertEquals(List.of(Digest.sha256(gzipped), Digest.sha256(PLAIN_LAYER)),
                manifest.layers().stream().map(l -> l.digest()).toList());
        assertEquals(Digest.sha256(config(LAYER, PLAIN_LAYER)), image.imageId(), "the image ID is the config's digest");
    }

    @Test
    void zstdLayerLoadsWithAnOciManifestWhichAloneCanNameIt() {
        byte[] zstd = zstd(LAYER);
        Path archive = archive(List.of(LAYER), List.of(zstd)).write(dir.resolve("app.tar"));

        LoadedImage image = images.load(archive).call().images().get(0);

        ImageManifest manifest = (ImageManifest) images.store().manifest(image.manifestDigest());
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(MediaTypes.OCI_LAYER_TAR_ZSTD, manifest.layers().get(0).mediaType());
        assertEquals(Digest.sha256(zstd), manifest.layers().get(0).digest());
    }

    @Test
    void gzipLayerThatDecompressesToAnotherDiffIdIsRefusedAndNothingIsStored() {
        byte[] otherContent = gzip(PLAIN_LAYER);
        Path archive = archive(List.of(LAYER), List.of(otherContent)).write(dir.resolve("app.tar"));

        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> images.load(archive).call());

        assertTrue(e.getMessage().contains("(l0/layer.tar) does not match its diff_id: the config says "
                + Digest.sha256(LAYER) + ", it decompresses to " + Digest.sha256(PLAIN_LAYER)), e.getMessage());
        assertEquals(List.of(), images.store().images());
        assertEquals(List.of(), blobs(), "no blob stored");
    }

    /** A Docker 24 archive whose config names {@code diffIds}' layers, holding {@code stored} as the layer files. */
    private static TarFixture archive(List<byte[]> diffIds, List<byte[]> stored) {
        byte[] config = config(diffIds.toArray(byte[][]::new));
        String configName = Digest.sha256(config).hex() + ".json";
        TarFixture tar = new TarFixture().file(configName, config);
        for (int i = 0; i < stored.size(); i++) {
            tar.file("l" + i + "/layer.tar", stored.get(i));
        }
        List<String> paths = IntStream.range(0, stored.size()).mapToObj(i -> "l" + i + "/layer.tar").toList();
        return tar.file("manifest.json", TarFixture.dockerManifest(configName, "app:1", paths));
    }

    private List<Path> blobs() {
        Path blobs = dir.resolve("store").resolve("blobs").resolve("sha256");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(blobs)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] config(byte[]... layers) {
        return TarFixture.config(layers).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] zstd(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdCompressorOutputStream(out)) {
            z.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
