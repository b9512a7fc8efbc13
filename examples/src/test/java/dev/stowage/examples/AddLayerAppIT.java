package dev.stowage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageManager;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AddLayerApp} run as its own program against a real registry, as a user runs it: on the
 * minimal runtime class path (no test kit, no optional dependency), so it also proves the library
 * works without Bouncy Castle and zstd-jni.
 */
class AddLayerAppIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path dir;

    @Test
    void appAddsOneLayerAndMountsTheBaseFromItsRepository() throws Exception {
        String base = registry.host() + "/examples/base:1";
        String target = registry.host() + "/examples/app:1";
        byte[] content = new byte[200_000];
        new Random(1).nextBytes(content);
        BuiltImage baseImage;
        try (ImageManager images = ImageManager.builder().store(new InMemoryImageStore()).build()) {
            baseImage = ImageBuilder.fromScratch().layer(l -> l.file("data.bin", content))
                    .build(images.store(), ImageReference.parse(base));
            images.push(base).call();
        }

        Path log = dir.resolve("app.log");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", RuntimeClassPath.forJava(), AddLayerApp.class.getName(), base, target,
                dir.resolve("store").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(app.waitFor(5, TimeUnit.MINUTES), "the app did not finish");
        String output = Files.readString(log);

        assertEquals(0, app.exitValue(), output);
        assertTrue(output.contains("2 blobs uploaded"), output);   // the new layer and the new config
        assertTrue(output.contains("1 mounted from another repository"), output);   // the base layer
        ImageManifest pushed = (ImageManifest) ManifestDocument.parse(
                Skopeo.locate().inspectRaw("docker://" + target), null);
        assertEquals(2, pushed.layers().size());
        assertEquals(List.of(baseImage.layers().get(0)), pushed.layers().subList(0, 1));
    }
}
