package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.ManifestHead;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.HttpClientThreads;
import dev.stowage.testkit.RegistryExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every endpoint against the real Distribution registry. */
class RegistryClientIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

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

    private ImageReference repo(String name) {
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

    /** The registry's access log lines of requests starting with {@code methodAndPath}. */
    private static List<String> requestLines(String methodAndPath) throws IOException {
        return Files.readAllLines(registry.logFile()).stream().filter(line -> line.contains("\"" + methodAndPath))
                .toList();
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

    @Test
    void closeStopsTheThreadsTheClientStarted() {
        List<Thread> before = HttpClientThreads.selectors();
        RegistryClient own = RegistryClient.builder()
                .credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none())
                .build();
        own.checkBlob(repo("close/any"), Digest.sha256(new byte[0]));
        List<Thread> started = HttpClientThreads.startedSince(before);
        assertTrue(!started.isEmpty(), "the client should have started its selector thread");

        own.close();

        assertEquals(List.of(), HttpClientThreads.alive(started));
    }

    @Test
    void anonymousPingSucceeds() {
        client.checkCredential(registry.host(), dev.stowage.core.Credential.basic("any", "thing"));
    }

    @Test
    void smallBlobGoesUpInOnePutAndComesBackVerified() {
        ImageReference repo = repo("blobs/small");
        byte[] content = random((int) BlobUploader.SINGLE_POST_LIMIT + 10_000, 1);
        BlobPush result = client.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(content),
                content.length), source(content), Optional.empty(), ProgressListener.NONE);
        assertEquals(BlobPush.Outcome.UPLOADED, result.outcome());
        assertEquals(content.length, result.bytesSent());
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo, Digest.sha256(content)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetchBlob(repo, Digest.sha256(content), content.length, out, ProgressListener.NONE);
        assertArrayEquals(content, out.toByteArray());
    }

    @Test
    void distributionDeclinesTheFirstSinglePostAndIsNotAskedAgain() throws IOException {
        ImageReference repo = repo("blobs/single-post");
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
        List<String> posts = requestLines("POST /v2/blobs/single-post/blobs/uploads/");
        assertEquals(2, posts.size(), String.join("\n", posts));
        assertTrue(posts.get(0).contains("uploads/?digest=sha256"), posts.get(0));
        assertTrue(posts.get(1).contains("uploads/ HTTP"), posts.get(1));
    }

    @Test
    void smallBlobBodyGoesOutOnlyOnce() {
        ImageReference repo = repo("blobs/once");
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

    @Test
    void blobAboveTheSinglePostLimitOpensASessionFirst() throws IOException {
        ImageReference repo = repo("blobs/above-single-post");
        byte[] content = random((int) BlobUploader.SINGLE_POST_LIMIT + 1, 14);
        try (RegistryClient singlePost = singlePostClient()) {
            singlePost.pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, content), source(content),
                    Optional.empty(), ProgressListener.NONE);
        }
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo, Digest.sha256(content)));
        List<String> posts = requestLines("POST /v2/blobs/above-single-post/blobs/uploads/");
        assertEquals(1, posts.size(), String.join("\n", posts));
        assertTrue(posts.get(0).contains("uploads/ HTTP"), posts.get(0));
    }

    @Test
    void refusedCommitCancelsTheSession() throws IOException {
        ImageReference repo = repo("blobs/refused");
        byte[] content = random(5_000, 15);
        byte[] other = random(5_000, 16);
        RegistryException e = assertThrows(RegistryException.class, () -> client.pushBlob(repo,
                Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, content), source(other), Optional.empty(),
                ProgressListener.NONE));
        assertEquals(Optional.of("DIGEST_INVALID"), e.errorCode());
        assertEquals(1, requestLines("DELETE /v2/blobs/refused/blobs/uploads/").size());
    }

    @Test
    void blobLargerThanTheChunkSizeGoesUpInChunks() {
        ImageReference repo = repo("blobs/chunked");
        byte[] content = random(CHUNK * 3 + 123, 2);
        Descriptor d = push(repo, content);
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo, d.digest()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetchBlob(repo, d.digest(), d.size(), out, ProgressListener.NONE);
        assertArrayEquals(content, out.toByteArray());
    }

    @Test
    void resumedDownloadWritesOnlyTheMissingBytes() {
        ImageReference repo = repo("blobs/resume");
        byte[] content = random(100_000, 3);
        Descriptor d = push(repo, content);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        long written = client.resumeBlob(repo, d.digest(), d.size(), 40_000,
                new ByteArrayInputStream(content, 0, 40_000), rest, ProgressListener.NONE);
        assertEquals(60_000, written);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 40_000, content.length), rest.toByteArray());
    }

    @Test
    void missingBlobIsAbsent() {
        assertEquals(OptionalLong.empty(), client.checkBlob(repo("blobs/none"), Digest.sha256(new byte[] {1})));
    }

    @Test
    void mountFromAnotherRepositoryMovesNoBytes() {
        byte[] content = random(5_000, 4);
        Descriptor d = push(repo("mount/source"), content);
        BlobPush result = client.pushBlob(repo("mount/target"), d, source(content), Optional.of("mount/source"),
                ProgressListener.NONE);
        assertEquals(BlobPush.Outcome.MOUNTED, result.outcome());
        assertEquals(0, result.bytesSent());
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo("mount/target"), d.digest()));
    }

    @Test
    void declinedMountUploadsThroughTheSessionTheRegistryOpened() {
        byte[] content = random(5_000, 5);
        Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(content), content.length);
        BlobPush result = client.pushBlob(repo("mount/declined"), d, source(content), Optional.of("mount/empty"),
                ProgressListener.NONE);
        assertEquals(BlobPush.Outcome.UPLOADED_MOUNT_DECLINED, result.outcome());
        assertEquals(content.length, result.bytesSent());
        assertEquals(OptionalLong.of(content.length), client.checkBlob(repo("mount/declined"), d.digest()));
    }

    @Test
    void manifestRoundTripKeepsTheBytesAndDigest() {
        ImageReference repo = repo("manifests/app");
        byte[] manifest = pushImage(repo, "1", 10);
        RemoteManifest byTag = client.fetchManifest(repo.withTag("1"));
        assertArrayEquals(manifest, byTag.raw());
        assertEquals(Digest.sha256(manifest), byTag.digest());
        assertEquals(MediaTypes.OCI_MANIFEST, byTag.mediaType());
        RemoteManifest byDigest = client.fetchManifest(repo.withDigest(Digest.sha256(manifest)));
        assertArrayEquals(manifest, byDigest.raw());
    }

    @Test
    void headOfATagGivesDigestTypeAndSize() {
        ImageReference repo = repo("manifests/head");
        byte[] manifest = pushImage(repo, "v1", 11);
        ManifestHead head = client.checkManifest(repo.withTag("v1")).orElseThrow();
        assertEquals(Digest.sha256(manifest), head.digest());
        assertEquals(MediaTypes.OCI_MANIFEST, head.mediaType());
        assertEquals(manifest.length, head.size());
    }

    @Test
    void headOfAnUnknownTagIsEmpty() {
        pushImage(repo("manifests/unknown"), "v1", 12);
        assertEquals(Optional.empty(), client.checkManifest(repo("manifests/unknown").withTag("nope")));
    }

    @Test
    void getOfAnUnknownTagIsNotFound() {
        pushImage(repo("manifests/get-unknown"), "v1", 13);
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.fetchManifest(repo("manifests/get-unknown").withTag("nope")));
        assertEquals(Optional.of("MANIFEST_UNKNOWN"), e.errorCode());
    }

    @Test
    void deletedManifestIsGone() {
        ImageReference repo = repo("manifests/delete");
        byte[] manifest = pushImage(repo, "1", 14);
        client.deleteManifest(repo.withTag("1"));
        assertEquals(Optional.empty(), client.checkManifest(repo.withDigest(Digest.sha256(manifest))));
    }

    @Test
    void deletedBlobIsGone() {
        ImageReference repo = repo("blobs/delete");
        Descriptor d = push(repo, random(1000, 15));
        client.deleteBlob(repo, d.digest());
        assertEquals(OptionalLong.empty(), client.checkBlob(repo, d.digest()));
    }

    @Test
    void twoHundredFiftyTagsAllComeBack() {
        ImageReference repo = repo("tags/many");
        byte[] manifest = pushImage(repo, "t000", 16);
        for (int i = 1; i < 250; i++) {
            client.pushManifest(repo.withTag(String.format("t%03d", i)), manifest, MediaTypes.OCI_MANIFEST);
        }
        List<String> expected = IntStream.range(0, 250).mapToObj(i -> String.format("t%03d", i)).toList();
        // Distribution 2.8 answers every tag on one page, in no order; the catalog test covers paging.
        assertEquals(expected, client.listTags(repo).stream().sorted().toList());
    }

    @Test
    void tagsOfAnUnknownRepositoryAreNotFound() {
        assertThrows(NotFoundException.class, () -> client.listTags(repo("tags/nowhere")));
    }

    @Test
    void catalogListsEveryRepositoryAcrossPages() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String name = String.format("catalog/r%03d", i);
            push(repo(name), new byte[] {(byte) i});
            byte[] config = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            push(repo(name), config);
            client.pushManifest(repo(name).withTag("1"), TestManifests.ociManifest(Digest.sha256(config), config.length,
                    Digest.sha256(new byte[] {(byte) i}), 1), MediaTypes.OCI_MANIFEST);
            names.add(name);
        }
        List<String> catalog = client.catalog(registry.host());
        assertTrue(catalog.containsAll(names), "catalog lacks some of " + names.size() + " repositories");
        assertEquals(catalog.stream().distinct().count(), catalog.size());
    }

    @Test
    void referrersFallBackToTheTagSchema() {
        ImageReference repo = repo("referrers/app");
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
    void referrersOfAManifestWithoutAnyAreEmpty() {
        ImageReference repo = repo("referrers/none");
        byte[] subject = pushImage(repo, "1", 18);
        assertEquals(List.of(), client.referrers(repo, Digest.sha256(subject), Optional.empty()));
    }
}
