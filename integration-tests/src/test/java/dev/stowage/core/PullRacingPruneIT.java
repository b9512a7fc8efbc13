package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull in a child JVM while this JVM prunes the same store over and over. The pull relies on
 * the layers of a dangling base (what prune deletes) and fetches the rest slowly through a
 * throttled proxy; pruning starts once the pull has checked every blob, so the pull's lease is
 * all that keeps the base's layers. The image must end complete.
 */
class PullRacingPruneIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path dir;

    @Test
    void pruneRacingAPullInAnotherProcessLosesNothingThePullNeeds() throws Exception {
        try (CountingProxy proxy = CountingProxy.to(registry.registry())) {
            String base = proxy.host() + "/race/base:1";
            String app = proxy.host() + "/race/app:1";
            BuiltImage built;
            try (ImageManager publisher = ImageManager.builder().store(FileImageStore.open(dir.resolve("publisher")))
                    .registry(RemoteFixtures.client()).build()) {
                RemoteFixtures.image(publisher.store(), base, 1, 100_000, 100_000, 100_000);
                built = RemoteFixtures.on(publisher.store(), base, app, 2, 400_000, 400_000);
                publisher.push(base).call();
                publisher.push(app).call();
            }
            Descriptor lastLayer = built.layers().get(built.layers().size() - 1);
            Path storeDir = dir.resolve("store");
            try (ImageManager images = ImageManager.builder().store(FileImageStore.open(storeDir))
                    .registry(RemoteFixtures.client()).build()) {
                PullResult pulledBase = images.pull(base).call();
                images.untag(base);
                images.untag(proxy.host() + "/race/base@" + pulledBase.manifestDigest());
                proxy.throttleResponses(400_000);
                proxy.reset();

                Process pull = new ProcessBuilder(javaCommand(PullWorker.class, storeDir.toString(), app))
                        .redirectError(dir.resolve("worker.err").toFile())
                        .redirectOutput(dir.resolve("worker.out").toFile())
                        .start();
                // Blobs are checked in manifest order: once the last layer is asked for, the base's were found present.
                // Waits on the proxy's requests (in slices, to notice a pull that died), not on a spinning core.
                boolean windowOpen = false;
                while (!windowOpen && pull.isAlive()) {
                    windowOpen = proxy.awaitRequest(l -> l.endsWith(lastLayer.digest().toString()), Duration.ofMillis(200));
                }
                int prunes = 0;
                while (pull.isAlive()) {
                    images.prune().call();
                    prunes++;
                }

                assertEquals(0, pull.waitFor(), Files.readString(dir.resolve("worker.err"), StandardCharsets.UTF_8));
                String report = Files.readString(dir.resolve("worker.out"), StandardCharsets.UTF_8);
                assertTrue(report.trim().endsWith(" 3"), "the pull relied on the base's 3 stored layers: " + report);
                assertTrue(prunes > 0);
                assertTrue(images.store().resolve(ImageReference.parse(app)).isPresent());
                for (Descriptor layer : built.layers()) {
                    assertTrue(images.store().hasBlob(layer.digest()), "layer " + layer.digest() + " was lost");
                }
                assertTrue(images.store().verify(false).isClean());
            }
        }
    }

    private static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
