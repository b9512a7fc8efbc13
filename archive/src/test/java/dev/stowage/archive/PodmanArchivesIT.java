package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.ArchiveCompression;
import dev.stowage.core.ArchiveFormat;
import dev.stowage.core.ImageManager;
import dev.stowage.core.LoadedImage;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.Podman;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives between Stowage and the real podman (Debian's, vfs storage in a root the test owns):
 * what Stowage saves, podman loads with the same image ID and name; what podman saves, Stowage
 * loads with the image ID the archive carries, and pushes to the real Distribution registry where
 * skopeo reads it.
 */
class PodmanArchivesIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static final Skopeo SKOPEO = Skopeo.locate();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Podman podman;
    private ImageManager images;
    private BuiltImage app;

    @BeforeEach
    void setUp() {
        podman = Podman.locate(dir.resolve("p"));
        images = ImageManager.builder().store(FileImageStore.open(dir.resolve("store"))).build();
        TestImages.base(images.store(), "demo/base:1", 300_000, 11);
        app = TestImages.app(images.store(), "demo/base:1", "demo/app:1", "built in code");
    }

    @AfterEach
    void close() {
        images.close();
    }

    @ParameterizedTest
    @CsvSource({"DOCKER_ARCHIVE, NONE", "DOCKER_ARCHIVE, GZIP", "OCI_ARCHIVE, NONE", "OCI_ARCHIVE, ZSTD"})
    void podmanLoadsWhatStowageSavesWithTheSameImageIdAndName(ArchiveFormat format, ArchiveCompression compression) {
        Path archive = dir.resolve("app.tar");
        images.save("demo/app:1").format(format).compression(compression).to(archive).call();

        podman.run("load", "-i", archive.toString()).requireSuccess();

        assertEquals(app.imageId().hex(), podman.run("image", "inspect", "--format", "{{.Id}}", "docker.io/demo/app:1")
                .requireSuccess().stdout().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker-archive", "oci-archive"})
    void stowageLoadsWhatPodmanSavesAndPushesIt(String format) throws IOException {
        Path ours = dir.resolve("ours.tar");
        images.save("demo/app:1").to(ours).call();
        podman.run("load", "-i", ours.toString()).requireSuccess();
        Path theirs = dir.resolve("podman.tar");
        podman.run("save", "--format", format, "-o", theirs.toString(), "docker.io/demo/app:1").requireSuccess();

        try (ImageManager fresh = ImageManager.builder().store(FileImageStore.open(dir.resolve("fresh"))).build()) {
            LoadedImage loaded = fresh.load(theirs).call().images().get(0);

            assertEquals(List.of(ImageReference.parse("demo/app:1")), loaded.names());
            assertEquals(configDigest(SKOPEO.inspectRaw(format + ":" + theirs)), loaded.imageId(),
                    "the ID is the config podman wrote");
            String target = registry.host() + "/from-podman/" + format + ":1";
            fresh.tag("demo/app:1", target);
            Digest pushed = fresh.push(target).call().manifestDigest();
            assertEquals(pushed, Digest.sha256(SKOPEO.inspectRaw("docker://" + target)));
        }
    }

    private static Digest configDigest(byte[] manifest) throws IOException {
        JsonNode node = JSON.readTree(manifest);
        return Digest.parse(node.path("config").path("digest").asText());
    }
}
