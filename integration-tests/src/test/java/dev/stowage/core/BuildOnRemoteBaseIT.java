package dev.stowage.core;

import static dev.stowage.core.RemoteFixtures.at;
import static dev.stowage.core.RemoteFixtures.downloadedBlobBytes;
import static dev.stowage.core.RemoteFixtures.uploadedBlobBytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BaseLayers;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Building on a base that stays in its registry, as jib does: only the base's manifest and config
 * are read; pushing the result to the base's registry mounts the base layers and to its repository
 * finds them (no base byte moves either way), to another registry streams each once, and building
 * into the store fetches them. What moved is counted on the registries' side, by a proxy in front
 * of each real Distribution registry.
 */
class BuildOnRemoteBaseIT {
    private static final int[] BASE_LAYERS = {300_000, 200_000, 100_000};

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();
    @RegisterExtension
    static RegistryExtension otherRegistry = RegistryExtension.plain();

    private static CountingProxy proxy;
    private static CountingProxy otherProxy;
    private static String base;
    private static BuiltImage baseImage;

    @BeforeAll
    static void publishTheBase() {
        proxy = CountingProxy.to(registry.registry());
        otherProxy = CountingProxy.to(otherRegistry.registry());
        base = at(proxy, "base/jre:21");
        try (ImageManager publisher = manager()) {
            baseImage = RemoteFixtures.image(publisher.store(), base, 21, BASE_LAYERS);
            publisher.push(base).call();
        }
    }

    @AfterAll
    static void stopProxies() {
        proxy.close();
        otherProxy.close();
    }

    @BeforeEach
    void countFromHere() {
        proxy.reset();
        otherProxy.reset();
    }

    @Test
    void readingTheBaseFetchesOnlyItsManifestAndConfig() {
        try (ImageManager images = manager()) {
            ImageBuilder.from(images, base);

            assertEquals(0, proxy.exchanges(e -> e.method().equals("GET") && e.target().contains("/blobs/")
                    && !e.target().endsWith(baseImage.imageId().toString())).size(), proxy.requestLines().toString());
            assertEquals(baseImage.manifest().config().size(), downloadedBlobBytes(proxy));
        }
    }

    @Test
    void pushToTheBasesRegistryMountsEveryBaseLayerAndMovesNoBaseByte() {
        try (ImageManager images = manager()) {
            BuiltImage app = withAppLayer(ImageBuilder.from(images, base)).push(at(proxy, "team/mounted:1"));

            assertEquals(new BaseLayers(true, 0, BASE_LAYERS.length, 0, 0), app.baseLayers());
            assertEquals(baseImage.manifest().config().size(), downloadedBlobBytes(proxy), "only the base's config is read");
            assertEquals(newLayer(app).size() + app.manifest().config().size(), uploadedBlobBytes(proxy),
                    "only the new layer and the config are sent");
            assertEquals(BASE_LAYERS.length, proxy.exchanges(e -> e.target().contains("mount=")).size());
            assertNoBaseLayerIn(images);
            assertPullable(at(proxy, "team/mounted:1"), app);
        }
    }

    @Test
    void pushToTheBasesRepositoryFindsEveryBaseLayer() {
        try (ImageManager images = manager()) {
            BuiltImage app = withAppLayer(ImageBuilder.from(images, base)).push(at(proxy, "base/jre:21-app"));

            assertEquals(new BaseLayers(true, BASE_LAYERS.length, 0, 0, 0), app.baseLayers());
            assertEquals(newLayer(app).size() + app.manifest().config().size(), uploadedBlobBytes(proxy));
            assertEquals(baseImage.manifest().config().size(), downloadedBlobBytes(proxy));
        }
    }

    @Test
    void pushToAnotherRegistryStreamsEachBaseLayerOnce() {
        try (ImageManager images = manager()) {
            BuiltImage app = withAppLayer(ImageBuilder.from(images, base)).push(at(otherProxy, "team/app:1"));

            long baseBytes = baseImage.layers().stream().mapToLong(Descriptor::size).sum();
            assertEquals(new BaseLayers(true, 0, 0, BASE_LAYERS.length, baseBytes), app.baseLayers());
            assertEquals(baseImage.manifest().config().size() + baseBytes, downloadedBlobBytes(proxy),
                    "each base layer is read from the base's registry once");
            assertEquals(baseBytes + newLayer(app).size() + app.manifest().config().size(), uploadedBlobBytes(otherProxy));
            assertNoBaseLayerIn(images);
            assertPullable(at(otherProxy, "team/app:1"), app);
        }
    }

    @Test
    void buildingIntoTheStoreFetchesTheBaseLayersAndAPushLaterStillMountsThem() {
        try (ImageManager images = manager()) {
            BuiltImage app = withAppLayer(ImageBuilder.from(images, base)).build("app:2");

            long baseBytes = baseImage.layers().stream().mapToLong(Descriptor::size).sum();
            assertEquals(new BaseLayers(true, 0, 0, BASE_LAYERS.length, baseBytes), app.baseLayers());
            baseImage.layers().forEach(l -> assertTrue(images.store().hasBlob(l.digest())));
            assertEquals(app.manifestDigest(), images.inspect("app:2").call().digest());

            images.tag("app:2", at(proxy, "team/fetched:2"));
            proxy.reset();
            PushResult pushed = images.push(at(proxy, "team/fetched:2")).call();
            assertEquals(BASE_LAYERS.length, pushed.blobsMounted(), "the store remembers where the base layers came from");
            assertEquals(newLayer(app).size() + app.manifest().config().size(), uploadedBlobBytes(proxy));
        }
    }

    @Test
    void aBaseInTheStoreIsReadFromTheStore() {
        try (ImageManager images = manager()) {
            images.pull(base).call();
            proxy.reset();

            BuiltImage app = withAppLayer(ImageBuilder.from(images, base)).build("app:3");

            assertEquals(0, proxy.requests(), "no request: the base was in the store");
            assertEquals(new BaseLayers(false, BASE_LAYERS.length, 0, 0, 0), app.baseLayers());
        }
    }

    /** The same new layer and config in every test: each pushes to a repository of its own. */
    private static ImageBuilder withAppLayer(ImageBuilder builder) {
        return builder.layer(l -> l.file("app/app.txt", "the application".getBytes(UTF_8)).createdBy("COPY app.txt"))
                .entrypoint("/app/run");
    }

    private static Descriptor newLayer(BuiltImage app) {
        return app.layers().get(app.layers().size() - 1);
    }

    private static void assertNoBaseLayerIn(ImageManager images) {
        for (Descriptor layer : baseImage.layers()) {
            assertFalse(images.store().hasBlob(layer.digest()), "base layer " + layer.digest() + " reached the store");
        }
    }

    /** The pushed image is whole: another store pulls it, and it has the base's layers and the new one. */
    private static void assertPullable(String reference, BuiltImage app) {
        try (ImageManager reader = manager()) {
            PullResult pulled = reader.pull(reference).call();
            assertEquals(app.manifestDigest(), pulled.manifestDigest());
            ImageManifest manifest = (ImageManifest) reader.store().manifest(app.manifestDigest());
            List<Digest> layers = manifest.layers().stream().map(Descriptor::digest).toList();
            assertEquals(baseImage.layers().stream().map(Descriptor::digest).toList(), layers.subList(0, BASE_LAYERS.length));
            layers.forEach(l -> assertTrue(reader.store().hasBlob(l)));
        }
    }

    private static ImageManager manager() {
        return ImageManager.builder().store(InMemoryImageStore.create()).credentials(CredentialProvider.anonymous())
                .build();
    }
}
