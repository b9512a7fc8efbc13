package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eight images pushed at once, sharing three of their four layers, half of them into one
 * repository under different tags: every shared blob is uploaded by several pushes at the same
 * moment, in chunks. Afterwards every image reads back whole, against Distribution and the
 * in-process registry.
 *
 * <p>The manifests go up once every blob is up. Distribution links a blob uploaded again into a
 * repository by rewriting the link file in place (truncate, then write), and a manifest PUT that
 * reads the link in that moment fails with {@code DIGEST_INVALID}: the registry's race, not the
 * client's, and seen here once under load.
 */
class ConcurrentPushIT {
    private static final int PUSHES = 8;
    private static final int CHUNK = 64 * 1024;

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.plain();
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess();

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    private record Image(ImageReference repository, String tag, byte[] config, List<byte[]> layers, byte[] manifest) {
        ImageReference reference() {
            return repository.withTag(tag);
        }
    }

    private static Image image(RegistryExtension registry, int i, List<byte[]> shared) {
        String name = i % 2 == 0 ? "concurrent/shared" : "concurrent/own-" + i;
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                + "\"image\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        List<byte[]> layers = new ArrayList<>(shared);
        layers.add(TestImages.random(150_000 + i, 100 + i));
        StringBuilder manifest = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[");
        for (int l = 0; l < layers.size(); l++) {
            manifest.append(l == 0 ? "" : ",").append("{\"mediaType\":\"").append(MediaTypes.OCI_LAYER_TAR_GZIP)
                    .append("\",\"digest\":\"").append(Digest.sha256(layers.get(l))).append("\",\"size\":")
                    .append(layers.get(l).length).append('}');
        }
        manifest.append("]}");
        return new Image(ImageReference.parse(registry.host() + "/" + name), "v" + i, config, layers,
                manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void eightOverlappingPushesAtOnceAllReadBackWhole(RegistryExtension registry) throws Exception {
        List<byte[]> shared = List.of(TestImages.random(300_000, 1), TestImages.random(200_000, 2),
                TestImages.random(100_000, 3));
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < PUSHES; i++) {
            images.add(image(registry, i, shared));
        }
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch uploaded = new CountDownLatch(PUSHES);
        ExecutorService pushers = Executors.newFixedThreadPool(PUSHES);
        try (RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).chunkedUploads(CHUNK, CHUNK).build()) {
            List<Future<?>> pushes = new ArrayList<>();
            for (Image image : images) {
                pushes.add(pushers.submit(() -> {
                    start.await();
                    ImageReference repository = image.repository();
                    TestImages.pushBlob(client, repository, image.config(), Optional.empty());
                    for (byte[] layer : image.layers()) {
                        TestImages.pushBlob(client, repository, layer, Optional.empty());
                    }
                    uploaded.countDown();
                    if (!uploaded.await(2, TimeUnit.MINUTES)) {
                        throw new AssertionError("the other pushes' blobs did not go up within 2 minutes");
                    }
                    client.pushManifest(image.reference(), image.manifest(), MediaTypes.OCI_MANIFEST);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> push : pushes) {
                push.get(2, TimeUnit.MINUTES);
            }

            for (Image image : images) {
                ImageReference repository = image.repository();
                assertArrayEquals(image.manifest(), client.fetchManifest(image.reference()).raw(), image.reference().toString());
                for (byte[] layer : image.layers()) {
                    assertArrayEquals(layer, TestImages.fetchBlob(client, repository, Digest.sha256(layer), layer.length));
                }
            }
            assertEquals(List.of("v0", "v2", "v4", "v6"), client.listTags(images.get(0).repository())
                    .stream().sorted().toList());
        } finally {
            pushers.shutdownNow();
        }
    }
}
