package dev.stowage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PushResult;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A test suite's use of Stowage: build an image in code, push it to a registry the test kit runs
 * for this class, and check it from the outside with skopeo.
 */
class BuildAndPushIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @Test
    void imageBuiltInCodeIsPushedAndReadBack() {
        String target = registry.host() + "/examples/hello:1";
        try (ImageManager images = ImageManager.builder().store(new InMemoryImageStore()).build()) {
            BuiltImage built = ImageBuilder.fromScratch()
                    .layer(layer -> layer.file("hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8)))
                    .entrypoint("/hello")
                    .build(images.store(), ImageReference.parse(target));

            PushResult pushed = images.push(target).call();

            assertEquals(built.manifestDigest(), pushed.manifestDigest());
            assertEquals(built.manifestDigest(), Digest.sha256(Skopeo.locate().inspectRaw("docker://" + target)));
        }
    }
}
