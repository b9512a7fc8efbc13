package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.OciLayout;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skopeo} as the peer: what it pushes, {@link RegistryClient} reads with the same digests;
 * what {@link RegistryClient} pushes, in OCI and Docker flavours, skopeo inspects and copies.
 */
class SkopeoInteropIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Platform AMD64 = Platform.of("linux", "amd64");

    private final Skopeo skopeo = Skopeo.locate();
    private final RegistryClient client = RegistryClient.builder()
            .credentials(CredentialProvider.anonymous())
            .certsDirectories(CertsDirectories.none())
            .build();

    @TempDir
    Path layoutDir;

    @TempDir
    Path copyDir;

    private ImageReference ref(String repositoryAndTag) {
        return ImageReference.parse(registry.host() + "/" + repositoryAndTag);
    }

    private static List<Descriptor> blobsOf(ImageManifest manifest) {
        List<Descriptor> blobs = new ArrayList<>(List.of(manifest.config()));
        blobs.addAll(manifest.layers());
        return blobs;
    }

    private byte[] fetch(ImageReference repository, Descriptor blob) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetchBlob(repository, blob.digest(), blob.size(), out, ProgressListener.NONE);
        return out.toByteArray();
    }

    private void assertBlobsReadBack(ImageReference repository, OciLayout layout, ImageManifest manifest)
            throws IOException {
        for (Descriptor blob : blobsOf(manifest)) {
            assertArrayEquals(Files.readAllBytes(layout.blob(blob.digest())), fetch(repository, blob), blob.toString());
        }
    }

    private static void push(RegistryClient pusher, OciLayout layout, ImageManifest manifest, ImageReference target) {
        for (Descriptor blob : blobsOf(manifest)) {
            pusher.pushBlob(target, blob, offset -> {
                var in = Files.newInputStream(layout.blob(blob.digest()));
                in.skipNBytes(offset);
                return in;
            }, Optional.empty(), ProgressListener.NONE);
        }
        pusher.pushManifest(target, manifest.raw(), manifest.mediaType());
    }

    private JsonNode skopeoInspect(ImageReference reference) throws IOException {
        return JSON.readTree(skopeo.run("inspect", "--tls-verify=false", "docker://" + reference)
                .requireSuccess().stdoutBytes());
    }

    private static List<Digest> layerDigests(JsonNode inspected) {
        List<Digest> digests = new ArrayList<>();
        inspected.get("Layers").forEach(layer -> digests.add(Digest.parse(layer.asText())));
        return digests;
    }

    /** The manifest {@code oci:DIR:NAME} names in a layout skopeo wrote. */
    private static ImageManifest copiedManifest(Path dir, String name) throws IOException {
        ImageIndex index = assertInstanceOf(ImageIndex.class,
                ManifestDocument.parse(Files.readAllBytes(dir.resolve("index.json")), MediaTypes.OCI_INDEX));
        Descriptor entry = index.manifests().stream()
                .filter(d -> name.equals(d.annotations().get("org.opencontainers.image.ref.name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + dir));
        byte[] raw = Files.readAllBytes(dir.resolve("blobs/sha256").resolve(entry.digest().hex()));
        assertEquals(entry.digest(), Digest.sha256(raw));
        return assertInstanceOf(ImageManifest.class, ManifestDocument.parse(raw, entry.mediaType()));
    }

    private static void assertLayoutHoldsVerifiedBlobs(Path dir, ImageManifest manifest) throws IOException {
        for (Descriptor blob : blobsOf(manifest)) {
            byte[] content = Files.readAllBytes(dir.resolve("blobs/sha256").resolve(blob.digest().hex()));
            assertEquals(blob.digest(), Digest.sha256(content));
        }
    }

    @Test
    void ociImagePushedBySkopeoReadsWithTheSameDigests() throws IOException {
        OciLayout layout = OciLayout.create(layoutDir);
        ImageManifest written = layout.addImage("skopeo oci", AMD64);
        layout.tag("v1", written.toDescriptor());
        ImageReference target = ref("interop/from-skopeo:v1");
        skopeo.copy("oci:" + layoutDir + ":v1", "docker://" + target);

        RemoteManifest read = client.fetchManifest(target);

        assertEquals(Digest.sha256(skopeo.inspectRaw("docker://" + target)), read.digest());
        assertEquals(written.digest(), read.digest());
        assertEquals(Digest.parse(skopeoInspect(target).get("Digest").asText()), read.digest());
        assertBlobsReadBack(target, layout, assertInstanceOf(ImageManifest.class, read.document()));
    }

    @Test
    void dockerImageConvertedBySkopeoReadsWithTheDigestSkopeoReports() throws IOException {
        OciLayout layout = OciLayout.create(layoutDir);
        ImageManifest written = layout.addImage("skopeo docker", AMD64);
        layout.tag("v1", written.toDescriptor());
        ImageReference target = ref("interop/from-skopeo-docker:v1");
        skopeo.copy("oci:" + layoutDir + ":v1", "docker://" + target, "--format", "v2s2");

        RemoteManifest read = client.fetchManifest(target);

        assertEquals(MediaTypes.DOCKER_MANIFEST, read.mediaType());
        assertEquals(Digest.sha256(skopeo.inspectRaw("docker://" + target)), read.digest());
        ImageManifest manifest = assertInstanceOf(ImageManifest.class, read.document());
        assertEquals(layerDigests(skopeoInspect(target)), manifest.layers().stream().map(Descriptor::digest).toList());
        assertBlobsReadBack(target, layout, manifest);
    }

    @Test
    void indexPushedBySkopeoReadsWithTheSameDigests() throws IOException {
        OciLayout layout = OciLayout.create(layoutDir);
        ImageManifest amd64 = layout.addImage("multi amd64", AMD64);
        ImageManifest arm64 = layout.addImage("multi arm64", Platform.of("linux", "arm64", "v8"));
        ImageIndex written = layout.addIndex(List.of(amd64, arm64));
        layout.tag("multi", written.toDescriptor());
        ImageReference target = ref("interop/multi:1");
        skopeo.copy("oci:" + layoutDir + ":multi", "docker://" + target, "--all");

        RemoteManifest index = client.fetchManifest(target);
        RemoteManifest arm = client.fetchManifest(target.withDigest(
                assertInstanceOf(ImageIndex.class, index.document()).manifestFor(Platform.parse("linux/arm64"))
                        .orElseThrow().digest()));

        assertEquals(Digest.sha256(skopeo.inspectRaw("docker://" + target)), index.digest());
        assertEquals(written.digest(), index.digest());
        assertEquals(arm64.digest(), arm.digest());
        assertBlobsReadBack(target, layout, assertInstanceOf(ImageManifest.class, arm.document()));
    }

    @Test
    void ociImagePushedByStowageIsInspectedAndCopiedBySkopeo() throws IOException {
        OciLayout layout = OciLayout.create(layoutDir);
        ImageManifest image = layout.addImage("stowage oci", AMD64);
        ImageReference target = ref("interop/from-stowage:v1");

        push(client, layout, image, target);

        assertArrayEquals(image.raw(), skopeo.inspectRaw("docker://" + target));
        JsonNode inspected = skopeoInspect(target);
        assertEquals(image.digest(), Digest.parse(inspected.get("Digest").asText()));
        assertEquals(image.layers().stream().map(Descriptor::digest).toList(), layerDigests(inspected));
        skopeo.copy("docker://" + target, "oci:" + copyDir + ":x");
        ImageManifest copied = copiedManifest(copyDir, "x");
        assertEquals(image.digest(), copied.digest());
        assertLayoutHoldsVerifiedBlobs(copyDir, copied);
    }

    @Test
    void dockerImagePushedByStowageIsInspectedAndCopiedBySkopeo() throws IOException {
        OciLayout layout = OciLayout.create(layoutDir);
        ImageManifest image = layout.addImage("stowage docker", AMD64, MediaTypes.DOCKER_MANIFEST);
        ImageReference target = ref("interop/from-stowage-docker:v1");

        push(client, layout, image, target);

        assertArrayEquals(image.raw(), skopeo.inspectRaw("docker://" + target));
        JsonNode inspected = skopeoInspect(target);
        assertEquals(image.digest(), Digest.parse(inspected.get("Digest").asText()));
        assertEquals(image.layers().stream().map(Descriptor::digest).toList(), layerDigests(inspected));
        skopeo.copy("docker://" + target, "oci:" + copyDir + ":x");
        ImageManifest copied = copiedManifest(copyDir, "x");
        // an OCI layout holds OCI manifests: skopeo converts the manifest and config, keeping the layers
        assertEquals(MediaTypes.OCI_MANIFEST, copied.mediaType());
        assertEquals(image.layers().stream().map(Descriptor::digest).toList(),
                copied.layers().stream().map(Descriptor::digest).toList());
        assertLayoutHoldsVerifiedBlobs(copyDir, copied);
        ImageConfig pushedConfig = ImageConfig.parse(Files.readAllBytes(layout.blob(image.config().digest())));
        ImageConfig copiedConfig = ImageConfig.parse(
                Files.readAllBytes(copyDir.resolve("blobs/sha256").resolve(copied.config().digest().hex())));
        assertEquals(pushedConfig.rootfs().diffIds(), copiedConfig.rootfs().diffIds());
        assertEquals(pushedConfig.architecture(), copiedConfig.architecture());
    }

    @Test
    void blobsUploadedInChunksByStowageAreCopiedBySkopeo() throws IOException {
        // every blob of the image is larger than 16 bytes, so each goes up in PATCHes of 32
        RegistryClient chunking = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).chunkedUploads(16, 32).build();
        OciLayout layout = OciLayout.create(layoutDir);
        ImageManifest image = layout.addImage("stowage chunked", AMD64);
        ImageReference target = ref("interop/chunked:v1");
        push(chunking, layout, image, target);

        skopeo.copy("docker://" + target, "oci:" + copyDir + ":x");

        assertEquals(image.digest(), copiedManifest(copyDir, "x").digest());
        assertLayoutHoldsVerifiedBlobs(copyDir, image);
        try (Stream<Path> files = Files.list(copyDir.resolve("blobs/sha256"))) {
            assertEquals(4, files.count());
        }
    }
}
