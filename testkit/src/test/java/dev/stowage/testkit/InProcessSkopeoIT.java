package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.model.Platform;
import dev.stowage.testkit.registry.RecordedRequest;
import dev.stowage.testkit.registry.RequestKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real skopeo against the in-process registry: what skopeo pushes there it reads back
 * unchanged, lists and inspects, copies out to a layout, between repositories, and deletes.
 */
class InProcessSkopeoIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.inProcess();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Skopeo skopeo = Skopeo.locate();

    @TempDir
    Path dir;

    private OciLayout layout;

    @BeforeEach
    void writeLayout() {
        layout = OciLayout.create(dir.resolve("layout"));
    }

    private String docker(String repositoryAndReference) {
        return "docker://" + registry.host() + "/" + repositoryAndReference;
    }

    private String pushed(String content, String target) {
        ImageManifest image = layout.addImage(content, Platform.of("linux", "amd64"));
        layout.tag(content, image.toDescriptor());
        skopeo.copy("oci:" + layout.directory() + ":" + content, docker(target));
        return image.digest().toString();
    }

    @Test
    void copyInThenInspectRawGivesTheManifestUnchanged() {
        ImageManifest image = layout.addImage("in", Platform.of("linux", "amd64"));
        layout.tag("in", image.toDescriptor());

        skopeo.copy("oci:" + layout.directory() + ":in", docker("skopeo/in:1"));

        assertArrayEquals(image.raw(), skopeo.inspectRaw(docker("skopeo/in:1")));
    }

    @Test
    void inspectReportsTheDigestPlatformAndTags() throws Exception {
        String digest = pushed("inspected", "skopeo/inspected:1");

        JsonNode inspected = JSON.readTree(skopeo.run("inspect", "--tls-verify=false", docker("skopeo/inspected:1"))
                .requireSuccess().stdoutBytes());

        assertEquals(digest, inspected.path("Digest").asText());
        assertEquals("amd64", inspected.path("Architecture").asText());
        assertEquals("[\"1\"]", inspected.path("RepoTags").toString());
    }

    @Test
    void listTagsNamesEveryTag() {
        for (String tag : List.of("2", "1", "latest")) {
            pushed("listed", "skopeo/listed:" + tag);
        }

        assertEquals(List.of("1", "2", "latest"), skopeo.listTags(docker("skopeo/listed")));
    }

    @Test
    void copyOutToALayoutKeepsTheManifestDigestAndBlobs() throws Exception {
        String digest = pushed("out", "skopeo/out:1");
        Path out = dir.resolve("out");

        skopeo.copy(docker("skopeo/out:1"), "oci:" + out + ":copied");

        JsonNode index = JSON.readTree(Files.readAllBytes(out.resolve("index.json")));
        assertEquals(digest, index.path("manifests").path(0).path("digest").asText());
        ImageManifest manifest = (ImageManifest) dev.stowage.core.model.ManifestDocument.parse(
                Files.readAllBytes(out.resolve("blobs/sha256/" + Digest.parse(digest).hex())), MediaTypes.OCI_MANIFEST);
        for (Descriptor blob : manifest.layers()) {
            assertArrayEquals(Files.readAllBytes(layout.blob(blob.digest())),
                    Files.readAllBytes(out.resolve("blobs/sha256/" + blob.digest().hex())));
        }
    }

    @Test
    void multiPlatformIndexCopiesInAndOutWhole() throws Exception {
        ImageManifest amd64 = layout.addImage("multi amd64", Platform.of("linux", "amd64"));
        ImageManifest arm64 = layout.addImage("multi arm64", Platform.parse("linux/arm64/v8"));
        ImageIndex index = layout.addIndex(List.of(amd64, arm64));
        layout.tag("multi", index.toDescriptor());

        skopeo.copy("oci:" + layout.directory() + ":multi", docker("skopeo/multi:1"), "--all");
        skopeo.copy(docker("skopeo/multi:1"), "oci:" + dir.resolve("multi-out") + ":multi", "--all");

        assertArrayEquals(index.raw(), skopeo.inspectRaw(docker("skopeo/multi:1")));
        assertTrue(Files.exists(dir.resolve("multi-out/blobs/sha256/" + arm64.digest().hex())));
    }

    @Test
    void copyBetweenRepositoriesMountsTheLayers() {
        ImageManifest image = layout.addImage("mounted", Platform.of("linux", "amd64"));
        layout.tag("mounted", image.toDescriptor());
        skopeo.copy("oci:" + layout.directory() + ":mounted", docker("skopeo/mount-source:1"));
        registry.clearRequests();

        skopeo.copy(docker("skopeo/mount-source:1"), docker("skopeo/mount-target:1"));

        assertArrayEquals(image.raw(), skopeo.inspectRaw(docker("skopeo/mount-target:1")));
        List<String> mounted = registry.requests(RequestKind.MOUNT).stream().filter(r -> r.status() == 201)
                .map(RecordedRequest::target).toList();
        for (Descriptor layer : image.layers()) {
            assertTrue(mounted.stream().anyMatch(target -> target.contains(layer.digest().hex())),
                    layer.digest() + " not mounted: " + registry.requests());
        }
    }

    @Test
    void deleteByDigestRemovesTheImage() {
        String digest = pushed("deleted", "skopeo/deleted:1");

        skopeo.run("delete", "--tls-verify=false", docker("skopeo/deleted@" + digest)).requireSuccess();

        Skopeo.Result inspect = skopeo.run("inspect", "--raw", "--tls-verify=false", docker("skopeo/deleted:1"));
        assertNotEquals(0, inspect.exitCode());
        assertTrue(inspect.stderr().contains("manifest unknown"), inspect.stderr());
    }
}
