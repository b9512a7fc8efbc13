package dev.stowage.testkit.registry;

import static dev.stowage.testkit.registry.SpecClient.OCI_MANIFEST;
import static dev.stowage.testkit.registry.SpecClient.digest;
import static dev.stowage.testkit.registry.SpecClient.errorCodes;
import static dev.stowage.testkit.registry.SpecClient.json;
import static dev.stowage.testkit.registry.SpecClient.random;
import static dev.stowage.testkit.registry.SpecClient.strings;
import static dev.stowage.testkit.registry.SpecClient.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.testkit.InProcessRegistry;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.TestRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distribution spec's Content Management workflow (v1.1, "Deleting tags", "Deleting
 * Manifests", "Deleting Blobs"), each case against Distribution and the in-process registry.
 */
class ContentManagementConformanceIT {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void deletingAManifestByDigestTakesItsTagsWithIt(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        String digest = digest(client.pushImage("manage/manifest", "v1", 1, 100));
        client.pushImage("manage/manifest", "other", 2, 100);

        HttpResponse<byte[]> delete = client.send("DELETE", "/v2/manage/manifest/manifests/" + digest, null);

        assertEquals(202, delete.statusCode(), () -> text(delete));
        assertEquals(404, client.send("GET", "/v2/manage/manifest/manifests/" + digest, null, "Accept", OCI_MANIFEST)
                .statusCode());
        assertEquals(404, client.send("GET", "/v2/manage/manifest/manifests/v1", null, "Accept", OCI_MANIFEST)
                .statusCode());
        assertEquals(List.of("other"), strings(json(client.send("GET", "/v2/manage/manifest/tags/list", null))
                .path("tags")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void deletingATagLeavesTheManifestOrIsRefused(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        String digest = digest(client.pushImage("manage/tag", "v1", 3, 100));

        HttpResponse<byte[]> delete = client.send("DELETE", "/v2/manage/tag/manifests/v1", null);

        // Registries MAY refuse tag deletion (400 or 405); Distribution 2.8 does, wanting a digest.
        if (isDistribution(registry)) {
            assertEquals(400, delete.statusCode(), () -> text(delete));
            return;
        }
        assertEquals(202, delete.statusCode(), () -> text(delete));
        assertEquals(404, client.send("GET", "/v2/manage/tag/manifests/v1", null).statusCode());
        assertEquals(200, client.send("GET", "/v2/manage/tag/manifests/" + digest, null).statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void deletedBlobIsGone(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        String digest = client.pushBlob("manage/blob", random(1000, 4));

        HttpResponse<byte[]> delete = client.send("DELETE", "/v2/manage/blob/blobs/" + digest, null);
        HttpResponse<byte[]> get = client.send("GET", "/v2/manage/blob/blobs/" + digest, null);

        assertEquals(202, delete.statusCode(), () -> text(delete));
        assertEquals(404, get.statusCode());
        assertEquals(List.of("BLOB_UNKNOWN"), errorCodes(get));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void deletingWhatIsNotThereIs404(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        client.pushImage("manage/absent", "v1", 5, 100);
        String missing = "sha256:" + "3".repeat(64);

        HttpResponse<byte[]> manifest = client.send("DELETE", "/v2/manage/absent/manifests/" + missing, null);
        HttpResponse<byte[]> blob = client.send("DELETE", "/v2/manage/absent/blobs/" + missing, null);

        assertEquals(404, manifest.statusCode());
        assertEquals(List.of("MANIFEST_UNKNOWN"), errorCodes(manifest));
        assertEquals(404, blob.statusCode());
        assertEquals(List.of("BLOB_UNKNOWN"), errorCodes(blob));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void registryWithDeletionDisabledAnswers405Unsupported(RegistryExtension registry) {
        RegistryConfig readOnly = RegistryConfig.plain().withDeleteEnabled(false);
        try (TestRegistry running = isDistribution(registry) ? TestRegistry.start(readOnly)
                : InProcessRegistry.start(readOnly)) {
            SpecClient client = new SpecClient(running);
            String manifest = digest(client.pushImage("manage/kept", "v1", 6, 100));
            String blob = client.pushBlob("manage/kept", random(10, 7));

            HttpResponse<byte[]> deleteManifest = client.send("DELETE", "/v2/manage/kept/manifests/" + manifest, null);
            HttpResponse<byte[]> deleteBlob = client.send("DELETE", "/v2/manage/kept/blobs/" + blob, null);

            assertEquals(405, deleteManifest.statusCode());
            assertEquals(List.of("UNSUPPORTED"), errorCodes(deleteManifest));
            assertEquals(405, deleteBlob.statusCode());
            assertEquals(200, client.send("HEAD", "/v2/manage/kept/manifests/" + manifest, null, "Accept", OCI_MANIFEST)
                    .statusCode());
        }
    }
}
