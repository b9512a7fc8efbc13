package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RetryPolicy;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push re-checks each blob's digest as it streams it from the store: a layer whose file changed
 * since it was stored (bit rot, tampering) fails the push before its last bytes leave, in one
 * request or in chunks, and the registry never commits it.
 */
class PushFromADamagedStoreIT {
    private static final int LAYER = 20_000;

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static CountingProxy proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void startProxy() {
        proxy = CountingProxy.to(registry.registry());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @BeforeEach
    void resetProxy() {
        proxy.reset();
    }

    /** Stores an image under {@code reference} and overwrites its layer's file with other bytes of the same length. */
    private Descriptor storedWithAChangedLayer(String reference) throws Exception {
        try (FileImageStore store = FileImageStore.open(dir.resolve("store"))) {
            BuiltImage built = RemoteFixtures.image(store, reference, 7, LAYER);
            Descriptor layer = built.layers().get(0);
            byte[] other = new byte[(int) layer.size()];
            new Random(99).nextBytes(other);
            Files.write(store.directory().resolve("blobs/sha256/" + layer.digest().hex()), other);
            return layer;
        }
    }

    private StowageException push(String reference, RegistryClient client) {
        try (ImageManager images = ImageManager.builder().store(FileImageStore.open(dir.resolve("store")))
                .registry(client).build()) {
            return assertThrows(StowageException.class, () -> images.push(reference).call());
        }
    }

    private static boolean causedByADigestMismatch(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DigestMismatchException || String.valueOf(c.getMessage()).contains("does not match its digest")) {
                return true;
            }
        }
        return false;
    }

    /** The commits ({@code PUT ?digest=}) of the layer's uploads. */
    private static List<CountingProxy.Exchange> commitsOf(Descriptor layer) {
        return proxy.exchanges(e -> e.method().equals("PUT") && e.target().contains("/blobs/uploads/")
                && e.target().contains(layer.digest().hex()));
    }

    @Test
    void layerChangedOnDiskFailsThePushBeforeItsLastByteIsSent() throws Exception {
        String reference = RemoteFixtures.at(proxy, "damaged/whole:1");
        Descriptor layer = storedWithAChangedLayer(reference);

        StowageException e = push(reference, RemoteFixtures.clientWithoutRetries());

        assertTrue(causedByADigestMismatch(e), e.toString());
        List<CountingProxy.Exchange> puts = commitsOf(layer);
        assertTrue(puts.stream().allMatch(x -> x.requestBodyBytes() < layer.size()), puts.toString());
        try (RegistryClient client = RemoteFixtures.client()) {
            assertTrue(client.checkBlob(ImageReference.parse(reference), layer.digest()).isEmpty(),
                    "the registry does not hold the layer");
        }
    }

    @Test
    void layerChangedOnDiskFailsAChunkedPushBeforeItsLastChunkIsSent() throws Exception {
        String reference = RemoteFixtures.at(proxy, "damaged/chunked:1");
        Descriptor layer = storedWithAChangedLayer(reference);
        RegistryClient chunked = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .retryPolicy(RetryPolicy.none()).chunkedUploads(4096, 4096).build();

        StowageException e = push(reference, chunked);

        assertTrue(causedByADigestMismatch(e), e.toString());
        assertEquals(List.of(), commitsOf(layer), "the upload was never committed");
        // Only the layer is above the 4 KiB threshold: every PATCH is one of its chunks.
        long sent = proxy.exchanges(x -> x.method().equals("PATCH")).stream()
                .mapToLong(CountingProxy.Exchange::requestBodyBytes).sum();
        assertTrue(sent < layer.size(), sent + " of " + layer.size() + " bytes sent");
    }
}
