package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.DockerfileBuildResult;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A rebuild after the jar changed re-creates only the jar's layer, and its push uploads only that layer and the config. */
class DockerfileRebuildPushIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path dir;

    @Test
    void aRebuildAfterChangingTheJarPushesOnlyTheJarsLayerAndTheConfig() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM localhost/base:1\nCOPY lib/ /app/lib/\nCOPY app.jar /app/\n"
                + "COPY config/ /app/config/\nENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]\n");
        Files.createDirectories(ctx.resolve("lib"));
        Files.writeString(ctx.resolve("lib/dependency.jar"), "a dependency");
        Files.createDirectories(ctx.resolve("config"));
        Files.writeString(ctx.resolve("config/app.yml"), "port: 8080");
        Files.writeString(ctx.resolve("app.jar"), "version 1");
        String target = registry.host() + "/rebuild/app:1";
        try (RegistryClient client = RemoteFixtures.client();
                ImageManager images = ImageManager.builder().registry(client).store(FileImageStore.open(dir.resolve("store")))
                        .build()) {
            ImageBuilder.fromScratch().platform(Platform.hostLinux())
                    .layer(l -> l.file("etc/os-release", "ID=base\n".getBytes(StandardCharsets.UTF_8)))
                    .build(images.store(), ImageReference.parse("localhost/base:1"));
            images.build(ImageBuilder.fromDockerfile(ctx).tags(target));
            assertEquals(5, images.push(target).call().blobsUploaded(), "the base layer, three COPY layers, the config");

            Files.writeString(ctx.resolve("app.jar"), "version 2");
            DockerfileBuildResult rebuilt = images.build(ImageBuilder.fromDockerfile(ctx).tags(target));
            assertEquals(1, rebuilt.layersCached(), "lib/, before the jar");
            PushResult pushed = images.push(target).call();
            // the config/ layer was redone after the jar (its parent changed) but its blob is the same
            assertEquals(2, pushed.blobsUploaded(), "the jar's layer and the config");
            assertEquals(3, pushed.blobsExisting());
        }
    }
}
