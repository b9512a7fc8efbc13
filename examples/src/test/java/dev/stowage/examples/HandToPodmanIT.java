package dev.stowage.examples;

// README begin: handing an image built in a test to a container runtime, shown in README.md exactly as it compiles and runs here
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.ImageManager;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.Podman;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandToPodmanIT {
    @TempDir
    Path dir;

    @Test
    void imageBuiltInCodeLoadsIntoPodman() {
        Path archive = dir.resolve("app.tar");
        try (ImageManager images = ImageManager.builder().store(new InMemoryImageStore()).build()) {
            BuiltImage app = ImageBuilder.fromScratch()
                    .layer(l -> l.file("app/hello.txt", "hello".getBytes(UTF_8)))
                    .entrypoint("/app/hello")
                    .build(images.store(), ImageReference.parse("example/app:1"));

            images.save("example/app:1").to(archive).call();      // as docker save -o app.tar example/app:1

            // docker load -i, kind load image-archive or Testcontainers read the same file; here podman does
            Podman podman = Podman.locate(dir.resolve("podman"));  // its own storage under dir, vfs driver
            podman.run("load", "-i", archive.toString()).requireSuccess();
            assertEquals(app.imageId().hex(), podman.run("image", "inspect", "--format", "{{.Id}}",
                    "example/app:1").requireSuccess().stdout().strip());
        }
    }
}
// README end
