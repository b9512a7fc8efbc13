package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.Registry;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer the real registry holds with more bytes than the manifest's descriptor says (the
 * registry checks that a manifest's blobs exist, not their sizes): the pull fails naming that,
 * and the store keeps nothing of the image.
 */
class OverlongBlobPullIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static final byte[] LAYER = random(10_000, 1);
    private static final int DESCRIBED = LAYER.length - 10;
    private static String reference;

    @TempDir
    Path dir;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @BeforeAll
    static void pushImageWithAnOverlongLayer() {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        reference = registry.host() + "/overlong/app:1";
        ImageReference repo = ImageReference.parse(reference);
        try (RegistryClient client = RemoteFixtures.client()) {
            for (byte[] blob : new byte[][] {config, LAYER}) {
                client.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(blob), blob.length),
                        offset -> new ByteArrayInputStream(blob, (int) offset, blob.length - (int) offset),
                        Optional.empty(), ProgressListener.NONE);
            }
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                    + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config)
                    + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\""
                    + MediaTypes.OCI_LAYER_TAR_GZIP + "\",\"digest\":\"" + Digest.sha256(LAYER) + "\",\"size\":"
                    + DESCRIBED + "}]}";
            client.pushManifest(repo, manifest.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST);
        }
    }

    private void assertPullRefusedNamingTheLength(Registry source) {
        FileImageStore store = FileImageStore.open(dir.resolve("store"));
        try (ImageManager images = ImageManager.builder().store(store).registry(source).build()) {

            DigestMismatchException e = assertThrows(DigestMismatchException.class,
                    () -> images.pull(reference).call());

            assertTrue(e.getMessage().contains("longer than its descriptor"), e.getMessage());
            assertFalse(store.resolve(ImageReference.parse(reference)).isPresent());
            assertFalse(store.hasBlob(Digest.sha256(LAYER)));
        }
    }

    @Test
    void pullOfALayerLongerThanItsDescriptorFailsNamingIt() {
        assertPullRefusedNamingTheLength(RemoteFixtures.client());
    }

    /** A registry whose blob stream hands on every byte: the copier's own size check must stop it. */
    @Test
    void aSourceYieldingMoreThanTheDescriptorIsStoppedByTheCopier() {
        RegistryClient client = RemoteFixtures.client();
        Registry passesEverythingOn = (Registry) Proxy.newProxyInstance(Registry.class.getClassLoader(),
                new Class<?>[] {Registry.class}, (proxy, method, args) -> {
                    if (method.getName().equals("openBlob") && args[1] instanceof Descriptor blob
                            && blob.digest().equals(Digest.sha256(LAYER))) {
                        return new ByteArrayInputStream(LAYER); // every byte, whatever the descriptor says
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        assertPullRefusedNamingTheLength(passesEverythingOn);
    }
}
