package dev.stowage.core;

import static dev.stowage.core.RemoteFixtures.remoteDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.BuiltIndex;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.Platform;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copier between every pair of transports, against two real Distribution registries (each
 * behind a counting proxy, so what moved is read from the registry's side) and the real skopeo.
 */
class ImageManagerCopyIT {
    @RegisterExtension
    static RegistryExtension first = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension second = RegistryExtension.plain();

    private static final Skopeo SKOPEO = Skopeo.locate();
    private static CountingProxy one;
    private static CountingProxy two;

    @TempDir
    Path dir;

    private FileImageStore store;
    private ImageManager images;

    @BeforeAll
    static void startProxies() {
        one = CountingProxy.to(first.registry());
        two = CountingProxy.to(second.registry());
    }

    @AfterAll
    static void stopProxies() {
        one.close();
        two.close();
    }

    @BeforeEach
    void openStore() {
        store = FileImageStore.open(dir.resolve("store"));
        images = ImageManager.builder().store(store).registry(RemoteFixtures.client()).build();
    }

    @AfterEach
    void closeStore() {
        images.close();
    }

    /** An image built in a scratch store and pushed to {@code proxy} as {@code repositoryAndTag}; the store used here stays empty. */
    private BuiltImage published(CountingProxy proxy, String repositoryAndTag, long seed, int... layers) {
        try (ImageManager scratch = ImageManager.builder().store(FileImageStore.open(dir.resolve("scratch-" + seed)))
                .registry(RemoteFixtures.client()).build()) {
            String ref = proxy.host() + "/" + repositoryAndTag;
            BuiltImage built = RemoteFixtures.image(scratch.store(), ref, seed, layers);
            scratch.push(ref).call();
            return built;
        }
    }

    private static long blobBytes(BuiltImage image) {
        return image.manifest().config().size() + image.layers().stream().mapToLong(Descriptor::size).sum();
    }

    private static List<CountingProxy.Exchange> blobUploads(CountingProxy proxy) {
        return proxy.exchanges(e -> (e.method().equals("PATCH") || e.method().equals("PUT"))
                && e.target().contains("/blobs/uploads/"));
    }

    @Test
    void copyWithinOneRegistryMountsEveryBlobAndPutsOneManifest() {
        BuiltImage built = published(one, "copy/app:1", 1, 30_000, 20_000);
        one.reset();

        CopyResult result = images.copy(one.host() + "/copy/app:1", one.host() + "/copy/other:1").call();

        assertEquals(List.of(), blobUploads(one));
        assertEquals(built.manifest().size(), one.requestBodyBytes(), "only the manifest is sent");
        assertEquals(3, one.exchanges(e -> e.method().equals("POST") && e.target().contains("mount=")
                && e.status() == 201).size());
        assertEquals(1, one.exchanges(e -> e.method().equals("PUT") && e.target().contains("/manifests/")).size());
        assertEquals(3, result.blobsMounted());
        assertEquals(0, result.bytesMoved());
        assertEquals(built.manifestDigest(), remoteDigest(SKOPEO, one.host() + "/copy/other:1"));
    }

    @Test
    void copyAcrossRegistriesStreamsEachBlobOnceAndNothingIntoTheStore() {
        BuiltImage built = published(one, "across/app:1", 2, 40_000, 30_000);
        one.reset();
        two.reset();

        CopyResult result = images.copy("docker://" + one.host() + "/across/app:1",
                "docker://" + two.host() + "/across/app:1").call();

        assertEquals(blobBytes(built), RemoteFixtures.downloadedBlobBytes(one));
        assertEquals(blobBytes(built), RemoteFixtures.uploadedBlobBytes(two));
        assertEquals(3, result.blobsCopied());
        assertEquals(blobBytes(built), result.bytesMoved());
        assertEquals(built.manifestDigest(), remoteDigest(SKOPEO, two.host() + "/across/app:1"));
        assertTrue(store.images().isEmpty(), "a copy between registries stores nothing");
        assertEquals(0, store.diskUsage().totalBytes());
    }

    @Test
    void copyAgainMovesNothing() {
        published(one, "again/app:1", 3, 20_000);
        images.copy(one.host() + "/again/app:1", two.host() + "/again/app:1").call();
        two.reset();

        CopyResult again = images.copy(one.host() + "/again/app:1", two.host() + "/again/app:1").call();

        assertEquals(0, two.requestBodyBytes());
        assertEquals(List.of(), two.exchanges(e -> !e.method().equals("HEAD")));
        assertEquals(2, again.blobsReused());
    }

    @Test
    void imagesCopiedFromOneRegistryAreMountedOnTheNextCopyToAnotherRepository() {
        published(one, "learn/app:1", 4, 20_000);
        images.copy(one.host() + "/learn/app:1", two.host() + "/learn/first:1").call();
        two.reset();

        CopyResult result = images.copy(one.host() + "/learn/app:1", two.host() + "/learn/second:1").call();

        assertEquals(2, result.blobsMounted(), "the store's blob locations know learn/first holds every blob");
        assertEquals(List.of(), blobUploads(two));
    }

    @Test
    void copyToTheStoreAndBackIsAPullAndAPush() {
        BuiltImage built = published(one, "store/app:1", 5, 20_000);

        images.copy(one.host() + "/store/app:1", "store:local/app:1").call();
        images.copy("store:local/app:1", two.host() + "/store/app:1").call();

        assertEquals(built.manifestDigest(), store.resolve(dev.stowage.core.reference.ImageReference.parse(
                "local/app:1")).orElseThrow().digest());
        assertEquals(built.manifestDigest(), remoteDigest(SKOPEO, two.host() + "/store/app:1"));
    }

    @Test
    void ociLayoutWrittenBySkopeoIsCopiedToARegistry() {
        BuiltImage built = published(one, "layout/app:1", 6, 25_000);
        Path layout = dir.resolve("from-skopeo");
        SKOPEO.copy("docker://" + one.host() + "/layout/app:1", "oci:" + layout + ":app");

        images.copy("oci:" + layout + ":app", two.host() + "/layout/app:1").call();

        assertEquals(built.manifestDigest(), remoteDigest(SKOPEO, two.host() + "/layout/app:1"));
    }

    @Test
    void registryImageCopiedToAnOciLayoutIsReadBySkopeo() {
        BuiltImage built = published(one, "tolayout/app:1", 7, 25_000);
        Path layout = dir.resolve("to-skopeo");

        images.copy(one.host() + "/tolayout/app:1", "oci:" + layout + ":v1").call();

        assertEquals(built.manifestDigest(), Digest.sha256(SKOPEO.inspectRaw("oci:" + layout + ":v1")));
        String config = SKOPEO.run("inspect", "--config", "oci:" + layout + ":v1").requireSuccess().stdout();
        assertTrue(config.contains("amd64"), config);
    }

    @Test
    void allPlatformsCopiesTheIndexWithEveryChild() {
        BuiltIndex index;
        try (ImageManager scratch = ImageManager.builder().store(FileImageStore.open(dir.resolve("scratch-index")))
                .registry(RemoteFixtures.client()).build()) {
            index = RemoteFixtures.twoPlatforms(scratch.store(), one.host() + "/multi/app:1", 8);
            scratch.push(one.host() + "/multi/app:1").call();
        }

        CopyResult result = images.copy(one.host() + "/multi/app:1", two.host() + "/multi/app:1").allPlatforms().call();

        assertEquals(index.digest(), result.manifestDigest());
        ManifestDocument copied = ManifestDocument.parse(SKOPEO.inspectRaw("docker://" + two.host() + "/multi/app:1"),
                null);
        assertTrue(copied instanceof ImageIndex);
        for (Descriptor child : ((ImageIndex) copied).manifests()) {
            assertEquals(child.digest(), remoteDigest(SKOPEO, two.host() + "/multi/app@" + child.digest()));
        }
    }

    @Test
    void onePlatformOfAnIndexIsCopiedAsAnImageOfItsOwn() {
        BuiltIndex index;
        try (ImageManager scratch = ImageManager.builder().store(FileImageStore.open(dir.resolve("scratch-one")))
                .registry(RemoteFixtures.client()).build()) {
            index = RemoteFixtures.twoPlatforms(scratch.store(), one.host() + "/pick/app:1", 9);
            scratch.push(one.host() + "/pick/app:1").call();
        }
        Digest arm = index.index().manifestFor(Platform.parse("linux/arm64")).orElseThrow().digest();

        CopyResult result = images.copy(one.host() + "/pick/app:1", two.host() + "/pick/app:1")
                .platform("linux/arm64").call();

        assertEquals(arm, result.manifestDigest());
        assertEquals(arm, remoteDigest(SKOPEO, two.host() + "/pick/app:1"));
    }

    @Test
    void aPlatformTheIndexLacksFailsWithItsPlatformsBeforeAnyByteMoves() {
        try (ImageManager scratch = ImageManager.builder().store(FileImageStore.open(dir.resolve("scratch-lack")))
                .registry(RemoteFixtures.client()).build()) {
            RemoteFixtures.twoPlatforms(scratch.store(), one.host() + "/lack/app:1", 10);
            scratch.push(one.host() + "/lack/app:1").call();
        }
        one.reset();
        two.reset();

        PlatformNotFoundException e = assertThrows(PlatformNotFoundException.class,
                () -> images.copy(one.host() + "/lack/app:1", two.host() + "/lack/app:1").platform("linux/s390x").call());

        assertEquals(List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")), e.available());
        assertTrue(e.getMessage().contains("linux/amd64, linux/arm64"), e.getMessage());
        assertEquals(List.of(), one.exchanges(r -> r.target().contains("/blobs/")));
        assertEquals(List.of(), two.exchanges());
    }

    @Test
    void everyTagOfARepositoryIsCopied() {
        published(one, "tags/app:a", 11, 10_000);
        published(one, "tags/app:b", 12, 10_000);

        CopyResult result = images.copy(one.host() + "/tags/app", two.host() + "/tags/copy").allTags().call();

        assertEquals(List.of(one.host() + "/tags/app:a", one.host() + "/tags/app:b"), result.images().stream()
                .map(CopyResult.Image::source).map(s -> s.substring("docker://".length())).toList());
        assertEquals(remoteDigest(SKOPEO, one.host() + "/tags/app:a"), remoteDigest(SKOPEO, two.host() + "/tags/copy:a"));
        assertEquals(remoteDigest(SKOPEO, one.host() + "/tags/app:b"), remoteDigest(SKOPEO, two.host() + "/tags/copy:b"));
    }
}
