package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.ManifestHead;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.HttpClientThreads;
import dev.stowage.testkit.InProcessRegistry;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.registry.RecordedRequest;
import dev.stowage.testkit.registry.RequestKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint against the real Distribution registry and the in-process one. Where the two
 * differ in a way the distribution spec allows (the single POST upload, the referrers API), the
 * test says so.
 */
class RegistryClientIT {
    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.plain();
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess();
    @RegisterExtension
    static RegistryExtension inProcessWithoutReferrers = RegistryExtension.inProcess(
            RegistryConfig.plain().withReferrersApi(false));

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    /** Registries a client must ask for referrers through the tag schema. */
    static Stream<Named<RegistryExtension>> registriesWithoutReferrersApi() {
        return Stream.of(Named.of("Distribution", distribution),
                Named.of("in-process, referrers API off", inProcessWithoutReferrers));
    }

    private static boolean isDistribution(RegistryExtension registry) {
        return !(registry.registry() instanceof InProcessRegistry);
    }

    private static final int CHUNK = 256 * 1024;

    private final RegistryClient client = RegistryClient.builder()
            .credentials(CredentialProvider.anonymous())
            .certsDirectories(CertsDirectories.none())
            .chunkedUploads(CHUNK, CHUNK)
            .pageSize(100)
            .build();

    @AfterEach
    void closeClient() {
        client.close();
    }

    private static ImageReference repo(RegistryExtension registry, String name) {
        return ImageReference.parse(registry.host() + "/" + name);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static BlobContent source(byte[] content) {
        return offset -> new ByteArrayInputStream(content, (int) offset, content.length - (int) offset);
    }

    private static RegistryClient singlePostClient() {
        return RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).singlePostUploads(true).build();
    }

    /** The requests of {@code kind} the registry answered on {@code repository}'s paths, oldest first. */
    private static List<RecordedRequest> requests(RegistryExtension registry, RequestKind kind, String repository) {
        return registry.requests(kind).stream().filter(r -> r.target().startsWith("/v2/" + repository + "/")).toList();
    }

    private Descriptor push(ImageReference repo, byte[] content) {
        Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(content), content.length);
        client.pushBlob(repo, d, source(content), Optional.empty(), ProgressListener.NONE);
        return d;
    }

    /** Pushes a config and a layer, then a manifest naming them under {@code tag}. */
    private byte[] pushImage(ImageReference repo, String tag, long seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"seed\":"
                + seed + "}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(1000, seed);
        push(repo, config);
        push(repo, layer);
        byte[] manifest = TestManifests.ociManifest(Digest.sha256(config), config.length, Digest.sha256(layer), layer.length);
        client.pushManifest(repo.withTag(tag), manifest, MediaTypes.OCI_MANIFEST);
        return manifest;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void closeStopsTheThreadsTheClientStarted(RegistryExtension registry) {
        List<Thread> before = HttpClientThreads.selectors();
        RegistryClient own = RegistryClient.builder()
                .credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none())
                .build();
        own.checkBlob(repo(registry, "close/any"), Digest.sha256(new byte[0]));
        List<Thread> started = HttpClientThreads.startedSince(before);
        assertTrue(!started.isEmpty(), "the client should have started its selector thread");

        own.close();

        assertEquals(List.of(), HttpClientThreads.alive(started));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void anonymousPingSucceeds(RegistryExtension registry) {
        int before = registry.requests(RequestKind.PING).size();

        client.checkCredential(registry.host(), dev.stowage.core.Credential.basic("any", "thing"));

        // The registry's side: one version check, answered 200 without asking for credentials.
        List<RecordedRequest> pings = registry.requests(RequestKind.PING);
        List<RecordedRequest> ours = pings.subList(before, pings.size());
        assertEquals(List.of(200), ours.stream().map(RecordedRequest::status).toList(), ours::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void smallBlobGoesUpInOnePutAndComesBackVerified(RegistryExtension registry) {
        byte[] content = random((int) BlobUploader.SINGLE_POST_LIMIT + 10_000, 1);
        BlobPush result;
        try (CountingProxy proxy = CountingProxy.to(registry.registry())) {
            ImageReference viaProxy = ImageReference.parse(proxy.host() + "/blobs/small");
            result = client.pushBlob(viaProxy, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(content),
                    content.length), source(content), Optional.empty(), ProgressListener.NONE);

            // What the registry received: a session opened, then the whole blob in its closing PUT.
            assertEquals(List.of("POST 202 0", "PUT 201 " + content.length),
                    proxy.exchanges().stream().map(e -> e.method() + " " + e.status() + " " + e.requestBodyBytes()).toList(),
                    proxy.requestLines()::toString);
        }
        assertEquals(BlobPush.Outcome.UPLOADED, result.outcome());
        assertEquals(content.length, result.bytesSent());
        ImageReference repo = repo(registry, "blobs/small");
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo, Digest.sha256(content)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetchBlob(repo, Digest.sha256(content), content.length, out, ProgressListener.NONE);
        assertArrayEquals(content, out.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void singlePostIsKeptWhereTheRegistryTakesItAndDroppedWhereItDeclines(RegistryExtension registry) {
        ImageReference repo = repo(registry, "blobs/single-post");
        try (RegistryClient client = singlePostClient()) {
            byte[] first = random(5_000, 11);
            byte[] second = random(5_000, 12);
            BlobPush declined = client.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, first),
                    source(first), Optional.empty(), ProgressListener.NONE);
            BlobPush direct = client.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, second),
                    source(second), Optional.empty(), ProgressListener.NONE);
            assertEquals(first.length, declined.bytesSent(), "the declined POST's body is not counted");
            assertEquals(second.length, direct.bytesSent());
            for (byte[] content : List.of(first, second)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                client.fetchBlob(repo, Digest.sha256(content), content.length, out, ProgressListener.NONE);
                assertArrayEquals(content, out.toByteArray());
            }
        }
        List<RecordedRequest> singlePosts = requests(registry, RequestKind.UPLOAD_SINGLE_POST, "blobs/single-post");
        List<RecordedRequest> sessions = requests(registry, RequestKind.UPLOAD_START, "blobs/single-post");
        // A registry MAY decline the single POST (202 and a session). Distribution 2.8 does, and is
        // not asked again; the in-process registry takes it, so each blob goes up in one request.
        if (isDistribution(registry)) {
            assertEquals(List.of(202), singlePosts.stream().map(RecordedRequest::status).toList(), singlePosts::toString);
            assertEquals(1, sessions.size(), sessions::toString);
        } else {
            assertEquals(List.of(201, 201), singlePosts.stream().map(RecordedRequest::status).toList(),
                    singlePosts::toString);
            assertEquals(List.of(), sessions);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void smallBlobBodyGoesOutOnlyOnce(RegistryExtension registry) {
        ImageReference repo = repo(registry, "blobs/once");
        byte[] content = random(40_000, 13);
        AtomicLong read = new AtomicLong();
        BlobContent counting = offset -> new FilterInputStream(source(content).open(offset)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read.addAndGet(Math.max(n, 0));
                return n;
            }
        };
        BlobPush result = client.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, content), counting,
                Optional.empty(), ProgressListener.NONE);
        assertEquals(content.length, result.bytesSent());
        assertEquals(content.length, read.get(), "blob bytes read for the request bodies");
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo, Digest.sha256(content)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void blobAboveTheSinglePostLimitOpensASessionFirst(RegistryExtension registry) {
        ImageReference repo = repo(registry, "blobs/above-single-post");
        byte[] content = random((int) BlobUploader.SINGLE_POST_LIMIT + 1, 14);
        try (RegistryClient singlePost = singlePostClient()) {
            singlePost.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, content), source(content),
                    Optional.empty(), ProgressListener.NONE);
        }
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo, Digest.sha256(content)));
        assertEquals(1, requests(registry, RequestKind.UPLOAD_START, "blobs/above-single-post").size());
        assertEquals(List.of(), requests(registry, RequestKind.UPLOAD_SINGLE_POST, "blobs/above-single-post"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void refusedCommitCancelsTheSession(RegistryExtension registry) {
        ImageReference repo = repo(registry, "blobs/refused");
        byte[] content = random(5_000, 15);
        byte[] other = random(5_000, 16);
        RegistryException e = assertThrows(RegistryException.class, () -> client.pushBlob(repo,
                Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, content), source(other), Optional.empty(),
                ProgressListener.NONE));
        assertEquals(Optional.of("DIGEST_INVALID"), e.errorCode());
        assertEquals(1, requests(registry, RequestKind.UPLOAD_CANCEL, "blobs/refused").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void blobLargerThanTheChunkSizeGoesUpInChunks(RegistryExtension registry) {
        ImageReference repo = repo(registry, "blobs/chunked");
        byte[] content = random(CHUNK * 3 + 123, 2);
        Descriptor d = push(repo, content);
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo, d.digest()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetchBlob(repo, d.digest(), d.size(), out, ProgressListener.NONE);
        assertArrayEquals(content, out.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void resumedDownloadWritesOnlyTheMissingBytes(RegistryExtension registry) {
        ImageReference repo = repo(registry, "blobs/resume");
        byte[] content = random(100_000, 3);
        Descriptor d = push(repo, content);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        long written = client.resumeBlob(repo, d.digest(), d.size(), 40_000,
                new ByteArrayInputStream(content, 0, 40_000), rest, ProgressListener.NONE);
        assertEquals(60_000, written);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 40_000, content.length), rest.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void missingBlobIsAbsent(RegistryExtension registry) {
        assertEquals(OptionalLong.empty(), client.checkBlob(repo(registry, "blobs/none"), Digest.sha256(new byte[] {1})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void mountFromAnotherRepositoryMovesNoBytes(RegistryExtension registry) {
        byte[] content = random(5_000, 4);
        Descriptor d = push(repo(registry, "mount/source"), content);
        BlobPush result;
        try (CountingProxy proxy = CountingProxy.to(registry.registry())) {
            result = client.pushBlob(ImageReference.parse(proxy.host() + "/mount/target"), d, source(content),
                    Optional.of("mount/source"), ProgressListener.NONE);

            // What the registry received: one mount request, answered 201, and not one blob byte.
            List<CountingProxy.Exchange> seen = proxy.exchanges();
            assertEquals(List.of("POST 201"), seen.stream().map(e -> e.method() + " " + e.status()).toList(),
                    proxy.requestLines()::toString);
            assertTrue(seen.get(0).target().startsWith("/v2/mount/target/blobs/uploads/?mount="),
                    seen.get(0).target());
            assertEquals(0, proxy.requestBodyBytes());
        }
        assertEquals(BlobPush.Outcome.MOUNTED, result.outcome());
        assertEquals(0, result.bytesSent());
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo(registry, "mount/target"), d.digest()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void declinedMountUploadsThroughTheSessionTheRegistryOpened(RegistryExtension registry) {
        byte[] content = random(5_000, 5);
        Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(content), content.length);
        BlobPush result = client.pushBlob(repo(registry, "mount/declined"), d, source(content), Optional.of("mount/empty"),
                ProgressListener.NONE);
        assertEquals(BlobPush.Outcome.UPLOADED_MOUNT_DECLINED, result.outcome());
        assertEquals(content.length, result.bytesSent());
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo(registry, "mount/declined"), d.digest()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void manifestRoundTripKeepsTheBytesAndDigest(RegistryExtension registry) {
        ImageReference repo = repo(registry, "manifests/app");
        byte[] manifest = pushImage(repo, "1", 10);
        RemoteManifest byTag = client.fetchManifest(repo.withTag("1"));
        assertArrayEquals(manifest, byTag.raw());
        assertEquals(Digest.sha256(manifest), byTag.digest());
        assertEquals(MediaTypes.OCI_MANIFEST, byTag.mediaType());
        RemoteManifest byDigest = client.fetchManifest(repo.withDigest(Digest.sha256(manifest)));
        assertArrayEquals(manifest, byDigest.raw());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void headOfATagGivesDigestTypeAndSize(RegistryExtension registry) {
        ImageReference repo = repo(registry, "manifests/head");
        byte[] manifest = pushImage(repo, "v1", 11);
        ManifestHead head = client.checkManifest(repo.withTag("v1")).orElseThrow();
        assertEquals(Digest.sha256(manifest), head.digest());
        assertEquals(MediaTypes.OCI_MANIFEST, head.mediaType());
        assertEquals(manifest.length, head.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void headOfAnUnknownTagIsEmpty(RegistryExtension registry) {
        pushImage(repo(registry, "manifests/unknown"), "v1", 12);
        assertEquals(Optional.empty(), client.checkManifest(repo(registry, "manifests/unknown").withTag("nope")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void getOfAnUnknownTagIsNotFound(RegistryExtension registry) {
        pushImage(repo(registry, "manifests/get-unknown"), "v1", 13);
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.fetchManifest(repo(registry, "manifests/get-unknown").withTag("nope")));
        assertEquals(Optional.of("MANIFEST_UNKNOWN"), e.errorCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void deletedManifestIsGone(RegistryExtension registry) {
        ImageReference repo = repo(registry, "manifests/delete");
        byte[] manifest = pushImage(repo, "1", 14);
        client.deleteManifest(repo.withTag("1"));
        assertEquals(Optional.empty(), client.checkManifest(repo.withDigest(Digest.sha256(manifest))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void deletedBlobIsGone(RegistryExtension registry) {
        ImageReference repo = repo(registry, "blobs/delete");
        Descriptor d = push(repo, random(1000, 15));
        client.deleteBlob(repo, d.digest());
        assertEquals(OptionalLong.empty(), client.checkBlob(repo, d.digest()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void twoHundredFiftyTagsAllComeBack(RegistryExtension registry) {
        ImageReference repo = repo(registry, "tags/many");
        byte[] manifest = pushImage(repo, "t000", 16);
        for (int i = 1; i < 250; i++) {
            client.pushManifest(repo.withTag(String.format("t%03d", i)), manifest, MediaTypes.OCI_MANIFEST);
        }
        List<String> expected = IntStream.range(0, 250).mapToObj(i -> String.format("t%03d", i)).toList();
        // Distribution 2.8 answers every tag on one page, in no order; the catalog test covers paging.
        assertEquals(expected, client.listTags(repo).stream().sorted().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void tagsOfAnUnknownRepositoryAreNotFound(RegistryExtension registry) {
        assertThrows(NotFoundException.class, () -> client.listTags(repo(registry, "tags/nowhere")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void catalogListsEveryRepositoryAcrossPages(RegistryExtension registry) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String name = String.format("catalog/r%03d", i);
            push(repo(registry, name), new byte[] {(byte) i});
            byte[] config = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            push(repo(registry, name), config);
            client.pushManifest(repo(registry, name).withTag("1"), TestManifests.ociManifest(Digest.sha256(config), config.length,
                    Digest.sha256(new byte[] {(byte) i}), 1), MediaTypes.OCI_MANIFEST);
            names.add(name);
        }
        List<String> catalog = client.catalog(registry.host());
        assertTrue(catalog.containsAll(names), "catalog lacks some of " + names.size() + " repositories");
        assertEquals(catalog.stream().distinct().count(), catalog.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registriesWithoutReferrersApi")
    void referrersFallBackToTheTagSchema(RegistryExtension registry) {
        ImageReference repo = repo(registry, "referrers/app");
        byte[] subject = pushImage(repo, "1", 17);
        Digest subjectDigest = Digest.sha256(subject);
        byte[] sbom = pushImage(repo, "sbom", 19);
        Descriptor referrer = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(sbom), sbom.length);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + referrer.digest()
                + "\",\"size\":" + sbom.length + ",\"artifactType\":\"application/example.sbom\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        client.pushManifest(repo.withTag("sha256-" + subjectDigest.hex()), index, MediaTypes.OCI_INDEX);
        List<Descriptor> found = client.referrers(repo, subjectDigest, Optional.empty());
        assertEquals(List.of(referrer.digest()), found.stream().map(Descriptor::digest).toList());
        assertEquals(List.of(referrer.digest()), client.referrers(repo, subjectDigest,
                Optional.of("application/example.sbom")).stream().map(Descriptor::digest).toList());
        assertEquals(List.of(), client.referrers(repo, subjectDigest, Optional.of("application/other")));
    }

    @Test
    void referrersComeFromTheApiWhereTheRegistryHasOne() {
        // Distribution 2.8 has no referrers API (the spec lets a registry lack it): only the in-process one.
        ImageReference repo = repo(inProcess, "referrers/api");
        byte[] subject = pushImage(repo, "1", 20);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        push(repo, config);
        byte[] sbom = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/example.sbom\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":2},"
                + "\"layers\":[],\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + Digest.sha256(subject) + "\",\"size\":" + subject.length + "}}").getBytes(StandardCharsets.UTF_8);
        client.pushManifest(repo.withDigest(Digest.sha256(sbom)), sbom, MediaTypes.OCI_MANIFEST);

        List<Descriptor> found = client.referrers(repo, Digest.sha256(subject), Optional.of("application/example.sbom"));

        assertEquals(List.of(Digest.sha256(sbom)), found.stream().map(Descriptor::digest).toList());
        assertEquals(Optional.of("application/example.sbom"), found.get(0).artifactType());
        assertEquals(List.of(200), requests(inProcess, RequestKind.REFERRERS, "referrers/api").stream()
                .map(RecordedRequest::status).toList(), "answered by the API, not the tag schema");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void referrersOfAManifestWithoutAnyAreEmpty(RegistryExtension registry) {
        ImageReference repo = repo(registry, "referrers/none");
        byte[] subject = pushImage(repo, "1", 18);
        assertEquals(List.of(), client.referrers(repo, Digest.sha256(subject), Optional.empty()));
    }
}
