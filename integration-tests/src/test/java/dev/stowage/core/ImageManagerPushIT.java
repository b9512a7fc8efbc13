package dev.stowage.core;

import static dev.stowage.core.RemoteFixtures.at;
import static dev.stowage.core.RemoteFixtures.remoteDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.BuiltIndex;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
 * Push against the real Distribution registry and the test kit's in-process registry (every case
 * against each); what was sent is read from a counting proxy in front of it (the registry's side),
 * and what arrived is checked with the real skopeo.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"Distribution", "in-process"})
class ImageManagerPushIT {
    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess();

    /** Which registry this run of the class's cases talks to. */
    @Parameter
    String registryKind;

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
    }

    @AfterAll
    static void stopProxy() {
        distributionProxy.close();
        inProcessProxy.close();
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

    private static long blobBytes(BuiltImage image) {
        return image.manifest().config().size() + image.layers().stream().mapToLong(Descriptor::size).sum();
    }

    private List<CountingProxy.Exchange> uploadRequests() {
        return proxy.exchanges(e -> e.method().equals("POST") || e.method().equals("PATCH")
                || e.method().equals("PUT") && e.target().contains("/blobs/uploads/"));
    }

    /** The digest of every upload the registry committed ({@code PUT <location>?digest=}), in order. */
    private List<Digest> committedBlobs() {
        return proxy.exchanges(e -> e.method().equals("PUT") && e.target().contains("/blobs/uploads/")).stream()
                .map(e -> {
                    String query = URI.create(e.target()).getRawQuery();
                    String digest = Arrays.stream(query.split("&")).filter(p -> p.startsWith("digest=")).findFirst()
                            .orElseThrow(() -> new AssertionError("upload committed without a digest: " + e.target()));
                    return Digest.parse(URLDecoder.decode(digest.substring("digest=".length()), StandardCharsets.UTF_8));
                }).toList();
    }

    @Test
    void pushedImageIsSeenBySkopeoWithTheSameDigest() {
        BuiltImage built = RemoteFixtures.image(store, at(proxy, "push/seen:1"), 1, 30_000, 20_000);

        PushResult result = images.push(at(proxy, "push/seen:1")).call();

        assertEquals(built.manifestDigest(), result.manifestDigest());
        assertEquals(built.manifestDigest(), remoteDigest(SKOPEO, at(proxy, "push/seen:1")));
        assertEquals(3, result.blobsUploaded());
        assertEquals(blobBytes(built), result.bytesUploaded());
        assertEquals(blobBytes(built), RemoteFixtures.uploadedBlobBytes(proxy));
    }

    @Test
    void pushAgainSendsNoBlobBytesAndNoUploadRequests() {
        BuiltImage built = RemoteFixtures.image(store, at(proxy, "push/again:1"), 2, 30_000);
        images.push(at(proxy, "push/again:1")).call();
        proxy.reset();

        PushResult again = images.push(at(proxy, "push/again:1")).call();

        assertEquals(List.of(), uploadRequests());
        assertEquals(0, proxy.exchanges(e -> e.method().equals("PUT")).size());
        assertEquals(0, proxy.requestBodyBytes());
        assertEquals(0, again.bytesUploaded());
        assertEquals(2, again.blobsExisting());
        assertEquals(built.manifestDigest(), again.manifestDigest());
    }

    @Test
    void pushOfAnImageSharingItsBaseUploadsOnlyTheNewLayers() {
        RemoteFixtures.image(store, at(proxy, "push/family:base"), 3, 40_000, 30_000);
        BuiltImage app = RemoteFixtures.on(store, at(proxy, "push/family:base"), at(proxy, "push/family:app"), 4, 5_000);
        images.push(at(proxy, "push/family:base")).call();
        proxy.reset();

        PushResult result = images.push(at(proxy, "push/family:app")).call();

        long newBytes = app.manifest().config().size() + app.layers().get(2).size();
        assertEquals(newBytes, RemoteFixtures.uploadedBlobBytes(proxy));
        assertEquals(2, result.blobsUploaded());
        assertEquals(2, result.blobsExisting());
    }

    @Test
    void pushToAnotherRepositoryOfTheSameRegistryMountsEveryBlobItWasPulledFrom() {
        try (ImageManager builder = ImageManager.builder().store(FileImageStore.open(dir.resolve("origin")))
                .registry(RemoteFixtures.client()).build()) {
            RemoteFixtures.image(builder.store(), at(proxy, "push/origin:1"), 5, 30_000, 20_000);
            builder.push(at(proxy, "push/origin:1")).call();
        }
        images.pull(at(proxy, "push/origin:1")).call();
        images.tag(at(proxy, "push/origin:1"), at(proxy, "push/elsewhere:1"));
        proxy.reset();

        PushResult result = images.push(at(proxy, "push/elsewhere:1")).call();

        List<CountingProxy.Exchange> mounts = proxy.exchanges(e -> e.method().equals("POST") && e.target().contains("mount="));
        assertEquals(3, mounts.size());
        assertTrue(mounts.stream().allMatch(e -> e.status() == 201), mounts::toString);
        assertEquals(0, RemoteFixtures.uploadedBlobBytes(proxy));
        assertEquals(List.of(), proxy.exchanges(e -> e.method().equals("PATCH")));
        assertEquals(3, result.blobsMounted());
        assertEquals(0, result.bytesUploaded());
        assertEquals(result.manifestDigest(), remoteDigest(SKOPEO, at(proxy, "push/elsewhere:1")));
    }

    @Test
    void pushAllTagsPushesEveryTagOfTheRepositoryEachBlobOnce() {
        BuiltImage built = RemoteFixtures.image(store, at(proxy, "push/tags:a"), 6, 10_000);
        images.tag(at(proxy, "push/tags:a"), at(proxy, "push/tags:b"));
        RemoteFixtures.image(store, at(proxy, "push/other:c"), 7, 10_000);

        PushResult result = images.push(at(proxy, "push/tags")).allTags().call();

        assertEquals(Set.of("a", "b"), result.images().stream().map(i -> i.reference().tag().orElseThrow())
                .collect(Collectors.toSet()));
        assertEquals(2, result.blobsUploaded());
        // The registry's side: each of the two blobs committed once, their bytes sent once, both tags written.
        List<Digest> blobs = List.of(built.imageId(), built.layers().get(0).digest());
        assertEquals(blobs.stream().sorted().toList(), committedBlobs().stream().sorted().toList(),
                proxy.requestLines()::toString);
        assertEquals(blobBytes(built), RemoteFixtures.uploadedBlobBytes(proxy));
        assertEquals(List.of("/v2/push/tags/manifests/a", "/v2/push/tags/manifests/b"),
                proxy.exchanges(e -> e.method().equals("PUT") && e.target().contains("/manifests/")).stream()
                        .map(CountingProxy.Exchange::target).sorted().toList());
        assertEquals(built.manifestDigest(), remoteDigest(SKOPEO, at(proxy, "push/tags:b")));
    }

    @Test
    void pushOfAnIndexSendsEveryPlatformManifestBeforeTheIndex() {
        BuiltIndex index = RemoteFixtures.twoPlatforms(store, at(proxy, "push/multi:1"), 8);

        PushResult result = images.push(at(proxy, "push/multi:1")).call();

        assertEquals(index.digest(), remoteDigest(SKOPEO, at(proxy, "push/multi:1")));
        for (Descriptor child : index.index().manifests()) {
            assertEquals(child.digest(), remoteDigest(SKOPEO, at(proxy, "push/multi@" + child.digest())));
        }
        List<String> manifestPuts = proxy.exchanges(e -> e.method().equals("PUT") && e.target().contains("/manifests/"))
                .stream().map(CountingProxy.Exchange::target).toList();
        assertTrue(manifestPuts.get(manifestPuts.size() - 1).endsWith("/manifests/1"), manifestPuts::toString);
        assertEquals(4, result.blobsUploaded());
    }

    @Test
    void pushOfAnIndexWithPlatformsNeverPulledFailsNamingThem() {
        RemoteFixtures.twoPlatforms(store, at(proxy, "push/partial:1"), 9);
        images.push(at(proxy, "push/partial:1")).call();
        try (ImageManager other = ImageManager.builder().store(FileImageStore.open(dir.resolve("other")))
                .registry(RemoteFixtures.client()).build()) {
            other.pull(at(proxy, "push/partial:1")).platform("linux/arm64").call();
            other.tag(at(proxy, "push/partial:1"), at(proxy, "push/partial-copy:1"));

            MissingPlatformsException e = assertThrows(MissingPlatformsException.class,
                    () -> other.push(at(proxy, "push/partial-copy:1")).call());

            assertEquals(List.of(Platform.parse("linux/amd64")), e.missing());
            assertTrue(e.getMessage().contains("linux/amd64"), e.getMessage());
        }
    }

    @Test
    void pushOfOnePlatformOfAnIndexPushesThatManifestUnderTheTag() {
        BuiltIndex index = RemoteFixtures.twoPlatforms(store, at(proxy, "push/one:1"), 10);
        Descriptor arm64 = index.index().manifestFor(Platform.parse("linux/arm64")).orElseThrow();

        PushResult result = images.push(at(proxy, "push/one:1")).platform("linux/arm64").call();

        assertEquals(arm64.digest(), result.manifestDigest());
        assertEquals(arm64.digest(), remoteDigest(SKOPEO, at(proxy, "push/one:1")));
    }

    @Test
    void pushOfAnImageNotInTheStoreFails() {
        assertThrows(ImageNotFoundException.class, () -> images.push(at(proxy, "push/absent:1")).call());
    }

    @Test
    void pushAllTagsOfARepositoryWithNoStoredTagFailsNamingIt() {
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                () -> images.push(at(proxy, "push/untagged")).allTags().call());

        assertEquals("no such image: " + at(proxy, "push/untagged") + " (no tag of that repository is in the store)",
                e.getMessage());
    }

    @Test
    void registryTagWritesTheManifestUnderANewTagWithoutMovingBlobs() {
        BuiltImage built = RemoteFixtures.image(store, at(proxy, "push/retag:1"), 11, 20_000);
        images.push(at(proxy, "push/retag:1")).call();
        proxy.reset();

        Digest tagged = images.registryTag(at(proxy, "push/retag:1"), "2");

        assertEquals(built.manifestDigest(), tagged);
        assertEquals(built.manifestDigest(), remoteDigest(SKOPEO, at(proxy, "push/retag:2")));
        assertEquals(List.of(), proxy.exchanges(e -> e.target().contains("/blobs/")));
    }

    @Test
    void registryTagOfASourceGivenByDigestServesThatDigestUnderTheNewTag() {
        BuiltImage built = RemoteFixtures.image(store, at(proxy, "push/bydigest:1"), 13, 20_000);
        images.push(at(proxy, "push/bydigest:1")).call();

        Digest tagged = images.registryTag(at(proxy, "push/bydigest@" + built.manifestDigest()), "2");

        assertEquals(built.manifestDigest(), tagged);
        assertEquals(built.manifestDigest(), remoteDigest(SKOPEO, at(proxy, "push/bydigest:2")));
    }

    @Test
    void registryTagRefusesAnotherRepository() {
        assertThrows(IllegalArgumentException.class, () -> images.registryTag(at(proxy, "push/retag:1"), at(proxy, "push/moved:1")));
    }

    @Test
    void pushReportsBlobsTheRegistryAlreadyHas() {
        BuiltImage built = RemoteFixtures.image(store, at(proxy, "push/events:1"), 12, 10_000);
        images.push(at(proxy, "push/events:1")).call();
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());

        images.push(at(proxy, "push/events:1")).progress(events::add).call();

        Set<Digest> existing = events.stream().filter(e -> e instanceof ProgressEvent.Exists)
                .map(e -> ((ProgressEvent.Exists) e).digest()).collect(Collectors.toSet());
        assertEquals(Set.of(built.imageId(), built.layers().get(0).digest()), existing);
    }
}
