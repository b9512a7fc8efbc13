package dev.stowage.testkit.registry;

import static dev.stowage.testkit.registry.SpecClient.OCI_CONFIG;
import static dev.stowage.testkit.registry.SpecClient.OCI_LAYER;
import static dev.stowage.testkit.registry.SpecClient.OCI_MANIFEST;
import static dev.stowage.testkit.registry.SpecClient.descriptor;
import static dev.stowage.testkit.registry.SpecClient.digest;
import static dev.stowage.testkit.registry.SpecClient.errorCodes;
import static dev.stowage.testkit.registry.SpecClient.location;
import static dev.stowage.testkit.registry.SpecClient.random;
import static dev.stowage.testkit.registry.SpecClient.text;
import static dev.stowage.testkit.registry.SpecClient.withQuery;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.testkit.InProcessRegistry;
import dev.stowage.testkit.RegistryExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distribution spec's Push workflow (v1.1, "Pushing blobs" monolithic, single POST and
 * chunked, "Mounting a blob", "Pushing Manifests"), each case against Distribution and the
 * in-process registry.
 */
class PushConformanceIT {
    private static final String MISSING = "sha256:" + "1".repeat(64);

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.plain();
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess();

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    private static boolean isDistribution(RegistryExtension registry) {
        return !(registry.registry() instanceof InProcessRegistry);
    }

    private static HttpResponse<byte[]> startUpload(SpecClient client, String repository) {
        HttpResponse<byte[]> post = client.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        assertEquals(202, post.statusCode(), () -> text(post));
        return post;
    }

    private static void assertBlob(SpecClient client, String repository, byte[] content) {
        HttpResponse<byte[]> get = client.send("GET", "/v2/" + repository + "/blobs/" + digest(content), null);
        assertEquals(200, get.statusCode(), () -> text(get));
        assertArrayEquals(content, get.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void postThenPutStoresTheBlobAtAPullableLocation(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] content = random(3000, 1);
        HttpResponse<byte[]> post = startUpload(client, "push/monolithic");

        HttpResponse<byte[]> put = client.send("PUT", withQuery(location(post), "digest", digest(content)), content,
                "Content-Type", "application/octet-stream");

        assertEquals(201, put.statusCode(), () -> text(put));
        assertEquals("/v2/push/monolithic/blobs/" + digest(content), location(put));
        assertEquals(Optional.of(digest(content)), put.headers().firstValue("Docker-Content-Digest"));
        assertBlob(client, "push/monolithic", content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void singlePostEitherStoresTheBlobOrOpensASession(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] content = random(2000, 2);

        HttpResponse<byte[]> post = client.send("POST", "/v2/push/single/blobs/uploads/?digest=" + digest(content),
                content, "Content-Type", "application/octet-stream");

        // Registries MAY support the single POST; those that do not answer 202 and the client PUTs.
        // The in-process registry supports it; Distribution 2.8 does not.
        if (isDistribution(registry)) {
            assertEquals(202, post.statusCode(), () -> text(post));
            assertEquals(201, client.send("PUT", withQuery(location(post), "digest", digest(content)), content)
                    .statusCode());
        } else {
            assertEquals(201, post.statusCode(), () -> text(post));
            assertEquals("/v2/push/single/blobs/" + digest(content), location(post));
        }
        assertBlob(client, "push/single", content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void chunksInOrderThenPutMakeTheBlob(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] content = random(10_000, 3);
        String location = location(startUpload(client, "push/chunked"));

        HttpResponse<byte[]> first = client.send("PATCH", location, Arrays.copyOfRange(content, 0, 4000),
                "Content-Type", "application/octet-stream", "Content-Range", "0-3999");
        assertEquals(202, first.statusCode(), () -> text(first));
        assertEquals(Optional.of("0-3999"), first.headers().firstValue("Range"));
        HttpResponse<byte[]> second = client.send("PATCH", location(first), Arrays.copyOfRange(content, 4000, 10_000),
                "Content-Type", "application/octet-stream", "Content-Range", "4000-9999");
        assertEquals(202, second.statusCode(), () -> text(second));
        assertEquals(Optional.of("0-9999"), second.headers().firstValue("Range"));
        HttpResponse<byte[]> put = client.send("PUT", withQuery(location(second), "digest", digest(content)), null);

        assertEquals(201, put.statusCode(), () -> text(put));
        assertBlob(client, "push/chunked", content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void lastChunkMayComeWithThePut(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] content = random(6000, 4);
        String location = location(startUpload(client, "push/last-in-put"));
        HttpResponse<byte[]> patch = client.send("PATCH", location, Arrays.copyOfRange(content, 0, 5000),
                "Content-Type", "application/octet-stream", "Content-Range", "0-4999");

        HttpResponse<byte[]> put = client.send("PUT", withQuery(location(patch), "digest", digest(content)),
                Arrays.copyOfRange(content, 5000, 6000), "Content-Type", "application/octet-stream",
                "Content-Range", "5000-5999");

        assertEquals(201, put.statusCode(), () -> text(put));
        assertBlob(client, "push/last-in-put", content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void streamedChunkWithoutLengthOrRangeIsAppended(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] content = random(300_000, 5);
        String location = location(startUpload(client, "push/streamed"));

        HttpResponse<byte[]> patch = client.sendChunked("PATCH", location, content, "Content-Type", "application/octet-stream");
        HttpResponse<byte[]> put = client.send("PUT", withQuery(location(patch), "digest", digest(content)), null);

        assertEquals(202, patch.statusCode(), () -> text(patch));
        assertEquals(201, put.statusCode(), () -> text(put));
        assertBlob(client, "push/streamed", content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void chunkOutOfOrderIs416(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        String location = location(startUpload(client, "push/out-of-order"));

        HttpResponse<byte[]> patch = client.send("PATCH", location, random(10, 6), "Content-Type",
                "application/octet-stream", "Content-Range", "5-14");

        // The spec says MUST; Distribution 2.8 ignores Content-Range and appends the chunk.
        assertEquals(isDistribution(registry) ? 202 : 416, patch.statusCode(), () -> text(patch));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void chunkSentAgainIs416AndTheStatusSaysWhereToGoOn(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] chunk = random(1000, 7);
        String location = location(startUpload(client, "push/retried"));
        HttpResponse<byte[]> first = client.send("PATCH", location, chunk, "Content-Type", "application/octet-stream",
                "Content-Range", "0-999");

        HttpResponse<byte[]> again = client.send("PATCH", location(first), chunk, "Content-Type",
                "application/octet-stream", "Content-Range", "0-999");
        HttpResponse<byte[]> status = client.send("GET", location(again), null);

        assertEquals(isDistribution(registry) ? 202 : 416, again.statusCode(), () -> text(again));
        assertEquals(204, status.statusCode(), () -> text(status));
        assertTrue(status.headers().firstValue("Location").isPresent());
        // Distribution appended the retried chunk (see above): it holds 2000 bytes.
        assertEquals(Optional.of(isDistribution(registry) ? "0-1999" : "0-999"), status.headers().firstValue("Range"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void putWithTheWrongDigestIsDigestInvalidAndStoresNothing(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] content = random(1000, 8);
        byte[] other = random(1000, 9);
        HttpResponse<byte[]> post = startUpload(client, "push/wrong-digest");

        HttpResponse<byte[]> put = client.send("PUT", withQuery(location(post), "digest", digest(content)), other);

        assertEquals(400, put.statusCode());
        assertEquals(List.of("DIGEST_INVALID"), errorCodes(put));
        assertEquals(404, client.send("HEAD", "/v2/push/wrong-digest/blobs/" + digest(content), null).statusCode());
        assertEquals(404, client.send("HEAD", "/v2/push/wrong-digest/blobs/" + digest(other), null).statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void cancelledUploadIsGone(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        HttpResponse<byte[]> post = startUpload(client, "push/cancel");

        HttpResponse<byte[]> cancel = client.send("DELETE", location(post), null);
        HttpResponse<byte[]> status = client.send("GET", location(post), null);

        assertEquals(204, cancel.statusCode(), () -> text(cancel));
        assertEquals(404, status.statusCode());
        assertEquals(List.of("BLOB_UPLOAD_UNKNOWN"), errorCodes(status));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void mountFromARepositoryHoldingTheBlobIs201(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] content = random(1000, 10);
        String digest = client.pushBlob("push/mount-source", content);

        HttpResponse<byte[]> mount = client.send("POST", "/v2/push/mount-target/blobs/uploads/?mount=" + digest
                + "&from=push/mount-source", null);

        assertEquals(201, mount.statusCode(), () -> text(mount));
        assertEquals("/v2/push/mount-target/blobs/" + digest, location(mount));
        assertBlob(client, "push/mount-target", content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void mountOfABlobTheSourceLacksOpensASession(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        client.pushBlob("push/mount-empty", random(10, 11));

        HttpResponse<byte[]> missing = client.send("POST", "/v2/push/mount-declined/blobs/uploads/?mount=" + MISSING
                + "&from=push/mount-empty", null);
        HttpResponse<byte[]> withoutFrom = client.send("POST", "/v2/push/mount-declined/blobs/uploads/?mount="
                + digest(random(10, 11)), null);

        assertEquals(202, missing.statusCode(), () -> text(missing));
        assertTrue(location(missing).startsWith("/v2/push/mount-declined/blobs/uploads/"), location(missing));
        // "from" is optional: a registry MAY find the blob itself; neither of these does.
        assertEquals(202, withoutFrom.statusCode(), () -> text(withoutFrom));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void manifestPutIs201WithItsLocationAndDigest(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob("push/manifest", config);
        byte[] noLayers = SpecClient.imageManifest(OCI_MANIFEST, descriptor(OCI_CONFIG, config), List.of(), null, null,
                null);

        HttpResponse<byte[]> put = client.send("PUT", "/v2/push/manifest/manifests/empty", noLayers,
                "Content-Type", OCI_MANIFEST);

        assertEquals(201, put.statusCode(), () -> text(put));
        assertEquals(Optional.of(digest(noLayers)), put.headers().firstValue("Docker-Content-Digest"));
        HttpResponse<byte[]> pulled = client.send("GET", location(put), null, "Accept", OCI_MANIFEST);
        assertArrayEquals(noLayers, pulled.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void manifestNamingBlobsTheRepositoryLacksIsRefused(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] config = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob("push/incomplete", config);
        byte[] manifest = SpecClient.imageManifest(OCI_MANIFEST, descriptor(OCI_CONFIG, config),
                List.of(descriptor(OCI_LAYER, MISSING, 10)), null, null, null);

        HttpResponse<byte[]> put = client.send("PUT", "/v2/push/incomplete/manifests/1", manifest,
                "Content-Type", OCI_MANIFEST);

        assertEquals(400, put.statusCode());
        assertEquals(List.of("MANIFEST_BLOB_UNKNOWN"), errorCodes(put));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void indexNamingManifestsTheRepositoryLacksIsRefused(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] index = SpecClient.index(List.of(descriptor(OCI_MANIFEST, MISSING, 500)));

        HttpResponse<byte[]> put = client.send("PUT", "/v2/push/index/manifests/1", index,
                "Content-Type", SpecClient.OCI_INDEX);

        assertEquals(400, put.statusCode());
        assertEquals(List.of("MANIFEST_BLOB_UNKNOWN"), errorCodes(put));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void manifestWhoseSubjectIsMissingIsAccepted(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] config = "{\"b\":1}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob("push/subject", config);
        byte[] referrer = SpecClient.imageManifest(OCI_MANIFEST, descriptor(OCI_CONFIG, config), List.of(),
                descriptor(OCI_MANIFEST, MISSING, 500), "application/example.sbom", null);

        HttpResponse<byte[]> put = client.send("PUT", "/v2/push/subject/manifests/" + digest(referrer), referrer,
                "Content-Type", OCI_MANIFEST);

        assertEquals(201, put.statusCode(), () -> text(put));
        // A registry with the referrers API says it processed the subject.
        assertEquals(isDistribution(registry) ? Optional.empty() : Optional.of(MISSING),
                put.headers().firstValue("OCI-Subject"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void manifestPushedByADigestItDoesNotHaveIsRefused(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] config = "{\"c\":1}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob("push/by-digest", config);
        byte[] manifest = SpecClient.imageManifest(OCI_MANIFEST, descriptor(OCI_CONFIG, config), List.of(), null, null,
                null);

        HttpResponse<byte[]> put = client.send("PUT", "/v2/push/by-digest/manifests/" + MISSING, manifest,
                "Content-Type", OCI_MANIFEST);

        assertEquals(400, put.statusCode());
        assertEquals(List.of("DIGEST_INVALID"), errorCodes(put));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void contentTypeContradictingTheMediaTypeFieldIsRefused(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] config = "{\"d\":1}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob("push/content-type", config);
        byte[] manifest = SpecClient.imageManifest(OCI_MANIFEST, descriptor(OCI_CONFIG, config), List.of(), null, null,
                null);

        HttpResponse<byte[]> put = client.send("PUT", "/v2/push/content-type/manifests/1", manifest,
                "Content-Type", SpecClient.DOCKER_MANIFEST);

        assertEquals(400, put.statusCode());
        assertEquals(List.of("MANIFEST_INVALID"), errorCodes(put));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void manifestOverFourMebibytesIsRefused(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        byte[] config = "{\"e\":1}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob("push/large", config);
        byte[] manifest = SpecClient.imageManifest(OCI_MANIFEST, descriptor(OCI_CONFIG, config), List.of(), null, null,
                "{\"pad\":\"" + "x".repeat(4 << 20) + "\"}");

        HttpResponse<byte[]> put = client.send("PUT", "/v2/push/large/manifests/1", manifest, "Content-Type", OCI_MANIFEST);

        // The spec's SHOULD is 413 Payload Too Large; Distribution 2.8 answers 400.
        assertEquals(isDistribution(registry) ? 400 : 413, put.statusCode());
        assertEquals(List.of("MANIFEST_INVALID"), errorCodes(put));
        assertFalse(client.send("HEAD", "/v2/push/large/manifests/1", null).statusCode() == 200);
    }
}
