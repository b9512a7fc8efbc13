package dev.stowage.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.ImageManager;
import dev.stowage.core.LoadedImage;
import dev.stowage.core.model.Digest;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every loadable archive Docker wrote (resources/docker-archives) loaded, then each of its images
 * pushed to the real Distribution registry, where skopeo reads the manifest Stowage pushed.
 */
class DockerMadeArchivesIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static final Skopeo SKOPEO = Skopeo.locate();

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

    @ParameterizedTest
    @ValueSource(strings = {"test_image_1.tar", "test_image_2.tar", "test_bundle.tar", "test_link.tar", "hello-world-v25.tar"})
    void everyImageLoadedPushesAndSkopeoReadsIt(String archive) {
        int n = 0;
        for (LoadedImage image : images.load(DockerMadeArchivesTest.archive(archive)).call().images()) {
            String target = registry.host() + "/docker-made/" + archive.replace(".tar", "").replace('_', '-') + ":" + n++;
            images.tag(image.manifestDigest().toString(), target);

            Digest pushed = images.push(target).call().manifestDigest();

            assertEquals(pushed, Digest.sha256(SKOPEO.inspectRaw("docker://" + target)));
            assertEquals(image.imageId(), Digest.sha256(SKOPEO.run("inspect", "--tls-verify=false", "--config", "--raw",
                    "docker://" + target).requireSuccess().stdoutBytes()), "the registry holds the archive's config");
        }
    }
}
