package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.ArchiveFormat;
import dev.stowage.core.ImageManager;
import dev.stowage.core.LoadedImage;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Archives between Stowage and the real skopeo: skopeo reads what Stowage saves (into an OCI
 * layout, digests compared), and Stowage loads what skopeo writes from the real Distribution
 * registry.
 */
class SkopeoArchivesIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static final Skopeo SKOPEO = Skopeo.locate();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ImageManager images;
    private BuiltImage app;

    @BeforeEach
    void setUp() {
        images = ImageManager.builder().store(FileImageStore.open(dir.resolve("store"))).build();
        TestImages.base(images.store(), "demo/base:1", 300_000, 21);
        app = TestImages.app(images.store(), "demo/base:1", "demo/app:1", "for skopeo");
    }

    @AfterEach
    void close() {
        images.close();
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void skopeoReadsWhatStowageSaves(ArchiveFormat format) throws IOException {
        Path archive = dir.resolve("app.tar");
        images.save("demo/app:1").format(format).to(archive).call();
        String source = format.transport() + ":" + archive + (format == ArchiveFormat.DOCKER_ARCHIVE ? ":demo/app:1"
                : ":docker.io/demo/app:1");

        assertEquals(app.imageId(), Digest.sha256(SKOPEO.run("inspect", "--config", "--raw", source).requireSuccess()
                .stdoutBytes()), "skopeo reads the stored config");
        Path layout = dir.resolve("layout");
        SKOPEO.copy(source, "oci:" + layout + ":copied"); // every layer read and verified by skopeo

        JsonNode index = JSON.readTree(Files.readAllBytes(layout.resolve("index.json")));
        Digest manifest = Digest.parse(index.path("manifests").get(0).path("digest").asText());
        JsonNode copied = JSON.readTree(Files.readAllBytes(layout.resolve("blobs/sha256").resolve(manifest.hex())));
        assertEquals(app.manifest().layers().size(), copied.path("layers").size());
        if (format == ArchiveFormat.OCI_ARCHIVE) {
            assertEquals(app.manifestDigest(), manifest, "the OCI archive's manifest, copied unchanged");
        }
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void stowageLoadsWhatSkopeoWrites(ArchiveFormat format) throws IOException {
        String remote = registry.host() + "/demo/app:1";
        images.tag("demo/app:1", remote);
        Digest pushed = images.push(remote).call().manifestDigest();
        Path archive = dir.resolve("skopeo.tar");
        SKOPEO.copy("docker://" + remote, format.transport() + ":" + archive + ":" + remote);

        try (ImageManager fresh = ImageManager.builder().store(FileImageStore.open(dir.resolve("fresh"))).build()) {
            LoadedImage loaded = fresh.load(archive).call().images().get(0);

            assertEquals(List.of(ImageReference.parse(remote)), loaded.names());
            assertEquals(app.imageId(), loaded.imageId());
            if (format == ArchiveFormat.OCI_ARCHIVE) {
                assertEquals(pushed, loaded.manifestDigest(), "skopeo's OCI archive keeps the registry's manifest");
            }
        }
    }
}
