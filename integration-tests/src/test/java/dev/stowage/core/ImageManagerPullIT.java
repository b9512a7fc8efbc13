package dev.stowage.core;

import static dev.stowage.core.RemoteFixtures.remoteDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.BuiltIndex;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pull against the real Distribution registry and the test kit's in-process registry (every case
 * against each), with images pushed there by the real skopeo from an OCI layout the builder wrote;
 * traffic is counted by a proxy in front of the registry.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"Distribution", "in-process"})
class ImageManagerPullIT {
    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess();

    /** Which registry this run of the class's cases talks to. */
    @Parameter
    String registryKind;

    @TempDir
    static Path fixtureDir;

    private static FileImageStore fixtures;
    private static CountingProxy distributionProxy;
    private static CountingProxy inProcessProxy;
    private CountingProxy proxy;
    private static final Skopeo SKOPEO = Skopeo.locate();

    @TempDir
    Path dir;

    private FileImageStore store;
    private ImageManager images;

    @BeforeAll
    static void startProxy() {
        distributionProxy = CountingProxy.to(distribution.registry());
        inProcessProxy = CountingProxy.to(inProcess.registry());
        fixtures = FileImageStore.open(fixtureDir.resolve("layout"));
    }

    @AfterAll
    static void stopProxy() {
        distributionProxy.close();
        inProcessProxy.close();
        fixtures.close();
    }

    @BeforeEach
    void openStore() {
        proxy = registryKind.equals("Distribution") ? distributionProxy : inProcessProxy;
        store = FileImageStore.open(dir.resolve("store"));
        images = ImageManager.builder().store(store).registry(RemoteFixtures.client()).build();
        proxy.reset();
    }

    @AfterEach
    void closeStore() {
        images.close();
    }

    /** Pushes the image the fixture layout names {@code layoutName} to {@code target} on the registry, with skopeo. */
    private String skopeoPush(String layoutName, String target) {
        String destination = proxy.host() + "/" + target;
        SKOPEO.copy("oci:" + fixtureDir.resolve("layout") + ":" + ImageReference.parse(layoutName), "docker://" + destination);
        return destination;
    }

    @Test
    void pullOfAnImageSkopeoPushedKeepsItsManifestDigest() {
        RemoteFixtures.image(fixtures, "fixture/digest:1", 1, 30_000, 20_000);
        String ref = skopeoPush("fixture/digest:1", "pull/digest:1");

        PullResult result = images.pull(ref).call();

        assertEquals(remoteDigest(SKOPEO, ref), result.manifestDigest());
        assertEquals(result.manifestDigest(), store.resolve(ImageReference.parse(ref)).orElseThrow().digest());
    }

    @Test
    void pullByTagRecordsTheTagAndTheRepoDigest() {
        BuiltImage built = RemoteFixtures.image(fixtures, "fixture/tagged:1", 2, 10_000);
        String ref = skopeoPush("fixture/tagged:1", "pull/tagged:1");

        PullResult result = images.pull(ref).call();

        ImageRecord record = store.resolve(ImageReference.parse(ref)).orElseThrow();
        assertEquals(List.of(ImageReference.parse(ref)), record.tags());
        assertEquals(List.of(ImageReference.parse(proxy.host() + "/pull/tagged@" + result.manifestDigest())),
                record.repoDigests());
        assertEquals(built.imageId(), result.imageId());
        assertEquals(Platform.parse("linux/amd64"), result.platform().orElseThrow());
    }

    @Test
    void pullByDigestRecordsTheRepoDigestAndNoTag() {
        RemoteFixtures.image(fixtures, "fixture/bydigest:1", 3, 10_000);
        String tagged = skopeoPush("fixture/bydigest:1", "pull/bydigest:1");
        Digest digest = remoteDigest(SKOPEO, tagged);
        String byDigest = proxy.host() + "/pull/bydigest@" + digest;

        PullResult result = images.pull(byDigest).call();

        ImageRecord record = store.resolve(ImageReference.parse(byDigest)).orElseThrow();
        assertTrue(record.tags().isEmpty());
        assertEquals(List.of(ImageReference.parse(byDigest)), record.repoDigests());
        assertEquals(ImageReference.parse(byDigest), result.reference());
        assertFalse(store.resolve(ImageReference.parse(tagged)).isPresent());
    }

    @Test
    void pullFetchesEveryBlobOnceAndCountsItsBytes() {
        BuiltImage built = RemoteFixtures.image(fixtures, "fixture/counted:1", 4, 40_000, 30_000);
        String ref = skopeoPush("fixture/counted:1", "pull/counted:1");
        proxy.reset();

        PullResult result = images.pull(ref).call();

        long blobBytes = built.manifest().config().size() + built.layers().stream().mapToLong(Descriptor::size).sum();
        assertEquals(3, result.blobsFetched());
        assertEquals(0, result.blobsPresent());
        assertEquals(blobBytes, result.bytesDownloaded());
        assertEquals(blobBytes, RemoteFixtures.downloadedBlobBytes(proxy));
    }

    @Test
    void pullOfAnImageWhoseBaseIsStoredFetchesOnlyTheNewBlobs() {
        RemoteFixtures.image(fixtures, "fixture/base:1", 5, 50_000, 40_000);
        BuiltImage app = RemoteFixtures.on(fixtures, "fixture/base:1", "fixture/app:1", 6, 5_000);
        skopeoPush("fixture/base:1", "pull/base:1");
        String appRef = skopeoPush("fixture/app:1", "pull/app:1");
        images.pull(proxy.host() + "/pull/base:1").call();
        proxy.reset();

        PullResult result = images.pull(appRef).call();

        long newBytes = app.manifest().config().size() + app.layers().get(2).size();
        assertEquals(2, result.blobsFetched());
        assertEquals(2, result.blobsPresent());
        assertEquals(newBytes, RemoteFixtures.downloadedBlobBytes(proxy));
    }

    @Test
    void pulledStoreIsReadableBySkopeoWithTheSameDigest() {
        RemoteFixtures.image(fixtures, "fixture/interop:1", 7, 20_000);
        String ref = skopeoPush("fixture/interop:1", "pull/interop:1");
        PullResult result = images.pull(ref).call();
        String full = ImageReference.parse(ref).toString();

        SKOPEO.copy("oci:" + dir.resolve("store") + ":" + full, "oci:" + dir.resolve("copy") + ":" + full);

        assertEquals(result.manifestDigest(), Digest.sha256(SKOPEO.inspectRaw("oci:" + dir.resolve("copy") + ":" + full)));
    }

    @Test
    void platformChoosesThatManifestOfAnIndex() {
        BuiltIndex index = RemoteFixtures.twoPlatforms(fixtures, "fixture/multi:1", 8);
        String ref = multiPlatform("fixture/multi:1", index, "pull/multi:1");
        Descriptor arm64 = index.index().manifestFor(Platform.parse("linux/arm64")).orElseThrow();
        Descriptor amd64 = index.index().manifestFor(Platform.parse("linux/amd64")).orElseThrow();

        PullResult result = images.pull(ref).platform("linux/arm64").call();

        assertEquals(index.digest(), result.manifestDigest());
        assertEquals(Platform.parse("linux/arm64"), result.platform().orElseThrow());
        assertTrue(store.hasBlob(arm64.digest()));
        assertFalse(store.hasBlob(amd64.digest()));
        assertEquals(result.imageId(), store.resolve(ImageReference.parse(ref)).orElseThrow().id());
    }

    @Test
    void pullOfASecondPlatformReportsTheImageAsTheStoreListsIt() {
        BuiltIndex index = RemoteFixtures.twoPlatforms(fixtures, "fixture/second:1", 16);
        String ref = multiPlatform("fixture/second:1", index, "pull/second:1");
        images.pull(ref).platform("linux/arm64").call();

        PullResult result = images.pull(ref).platform("linux/amd64").call();

        ImageRecord listed = images.store().images().stream()
                .filter(i -> i.digest().equals(index.digest())).findFirst().orElseThrow();
        assertEquals(listed.id(), result.imageId());
        assertEquals(listed.platform(), result.platform());
    }

    @Test
    void platformTheIndexLacksFailsNamingTheAvailableOnes() {
        BuiltIndex index = RemoteFixtures.twoPlatforms(fixtures, "fixture/lacking:1", 9);
        String ref = multiPlatform("fixture/lacking:1", index, "pull/lacking:1");

        PlatformNotFoundException e = assertThrows(PlatformNotFoundException.class,
                () -> images.pull(ref).platform("linux/s390x").call());

        assertEquals(List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")), e.available());
        assertTrue(e.getMessage().contains("linux/amd64, linux/arm64"), e.getMessage());
        assertFalse(store.resolve(ImageReference.parse(ref)).isPresent());
    }

    @Test
    void allPlatformsStoresEveryManifestOfAnIndex() {
        BuiltIndex index = RemoteFixtures.twoPlatforms(fixtures, "fixture/every:1", 10);
        String ref = multiPlatform("fixture/every:1", index, "pull/every:1");

        PullResult result = images.pull(ref).allPlatforms().call();

        index.index().manifests().forEach(child -> assertTrue(store.hasBlob(child.digest())));
        assertEquals(4, result.blobsFetched());
        assertTrue(result.platform().isEmpty());
        assertEquals(index.digest(), result.imageId());
    }

    @Test
    void allTagsPullsEveryTagOfTheRepository() {
        RemoteFixtures.image(fixtures, "fixture/tags:a", 11, 10_000);
        RemoteFixtures.image(fixtures, "fixture/tags:b", 12, 10_000);
        skopeoPush("fixture/tags:a", "pull/tags:a");
        skopeoPush("fixture/tags:b", "pull/tags:b");

        PullResult result = images.pull(proxy.host() + "/pull/tags").allTags().call();

        Set<String> tags = result.images().stream().map(i -> i.reference().tag().orElseThrow()).collect(Collectors.toSet());
        assertEquals(Set.of("a", "b"), tags);
        assertTrue(store.resolve(ImageReference.parse(proxy.host() + "/pull/tags:a")).isPresent());
        assertTrue(store.resolve(ImageReference.parse(proxy.host() + "/pull/tags:b")).isPresent());
    }

    @Test
    void pullRecordsWhereEachBlobCameFrom() {
        BuiltImage built = RemoteFixtures.image(fixtures, "fixture/origin:1", 13, 10_000);
        String ref = skopeoPush("fixture/origin:1", "pull/origin:1");

        images.pull(ref).call();

        assertEquals(Set.of(new BlobLocation(proxy.host(), "pull/origin")),
                store.blobLocations().of(built.layers().get(0).digest()));
    }

    @Test
    void pullReportsResolvingAndEachBlobsDownload() {
        BuiltImage built = RemoteFixtures.image(fixtures, "fixture/progress:1", 14, 10_000);
        String ref = skopeoPush("fixture/progress:1", "pull/progress:1");
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());

        images.pull(ref).progress(events::add).call();

        assertTrue(events.get(0) instanceof ProgressEvent.Resolving);
        Set<Digest> downloaded = events.stream().filter(e -> e instanceof ProgressEvent.Downloaded)
                .map(e -> ((ProgressEvent.Downloaded) e).digest()).collect(Collectors.toSet());
        assertEquals(Set.of(built.imageId(), built.layers().get(0).digest()), downloaded);
    }

    @Test
    void interruptedPullResumesItsPartialBlob() throws Exception {
        int layerSize = 3 << 20;
        BuiltImage built = RemoteFixtures.image(fixtures, "fixture/resume:1", 15, layerSize);
        String ref = skopeoPush("fixture/resume:1", "pull/resume:1");
        long layer = built.layers().get(0).size();
        // Same store; not closed, since closing a manager closes its store.
        ImageManager flaky = ImageManager.builder().store(store).registry(RemoteFixtures.clientWithoutRetries()).build();
        proxy.cutResponsesAfter(1 << 20);
        try {
            RegistryException e = assertThrows(RegistryException.class, () -> flaky.pull(ref).call());
            // The cut connection broke the layer's download: no HTTP status, the blob named.
            assertEquals(-1, e.statusCode(), e::getMessage);
            assertTrue(e.getMessage().startsWith("pulling blob " + built.layers().get(0).digest() + " from "),
                    e.getMessage());
        } finally {
            proxy.cutResponsesAfter(-1);
        }
        assertFalse(store.hasBlob(built.layers().get(0).digest()));
        proxy.reset();

        PullResult result = images.pull(ref).call();

        long layerBytesFetched = proxy.exchanges(e -> e.target().endsWith(built.layers().get(0).digest().toString()))
                .stream().mapToLong(CountingProxy.Exchange::responseBodyBytes).sum();
        assertTrue(layerBytesFetched < layer - (512 << 10), "fetched " + layerBytesFetched + " of " + layer);
        assertTrue(store.hasBlob(built.layers().get(0).digest()));
        assertTrue(store.verify(false).isClean());
        assertEquals(remoteDigest(SKOPEO, ref), result.manifestDigest());
    }

    @Test
    void pullOfAMissingTagFailsWithNotFound() {
        String absent = proxy.host() + "/pull/absent:1";

        NotFoundException e = assertThrows(NotFoundException.class, () -> images.pull(absent).call());

        assertEquals(Optional.of("MANIFEST_UNKNOWN"), e.errorCode());
        assertEquals("manifest unknown: " + absent + " does not exist (check the name and tag)", e.getMessage());
    }

    /** Pushes an index built into the fixture layout, with every platform, via skopeo. */
    private String multiPlatform(String layoutName, BuiltIndex index, String target) {
        String destination = proxy.host() + "/" + target;
        SKOPEO.copy("oci:" + fixtureDir.resolve("layout") + ":" + ImageReference.parse(layoutName), "docker://" + destination,
                "--all");
        assertEquals(index.digest(), remoteDigest(SKOPEO, destination));
        return destination;
    }
}
