package dev.stowage.testkit;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model against the real world: an OCI layout written with the model's own writers is pushed
 * by skopeo to the real Distribution registry, and what the registry serves parses to the digest
 * and layers skopeo reports.
 */
class ModelInteropIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Skopeo skopeo = Skopeo.locate();

    @TempDir
    Path layout;

    @Test
    void ociManifestServedByTheRegistryParsesToTheDigestSkopeoReports() throws Exception {
        List<Digest> written = writeLayout(layout, "v1");
        String target = registry.host() + "/interop/oci-app:v1";
        skopeo.copy("oci:" + layout + ":v1", "docker://" + target);

        Served served = fetchManifest("interop/oci-app", "v1");
        ManifestDocument document = ManifestDocument.parse(served.body(), served.contentType());

        ImageManifest manifest = assertInstanceOf(ImageManifest.class, document);
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(Digest.sha256(skopeo.inspectRaw("docker://" + target)), manifest.digest());
        assertEquals(served.dockerContentDigest(), manifest.digest().toString());
        assertEquals(written, layerDigests(manifest));
        assertEquals(skopeoLayers("docker://" + target), layerDigests(manifest));
    }

    @Test
    void dockerSchema2ConversionBySkopeoParsesWithTheSameLayers() throws Exception {
        List<Digest> written = writeLayout(layout, "v2");
        String target = registry.host() + "/interop/docker-app:v2";
        skopeo.copy("oci:" + layout + ":v2", "docker://" + target, "--format", "v2s2");

        Served served = fetchManifest("interop/docker-app", "v2");
        ImageManifest manifest = assertInstanceOf(ImageManifest.class,
                ManifestDocument.parse(served.body(), served.contentType()));

        assertEquals(MediaTypes.DOCKER_MANIFEST, manifest.mediaType());
        assertEquals(Digest.sha256(skopeo.inspectRaw("docker://" + target)), manifest.digest());
        assertEquals(served.dockerContentDigest(), manifest.digest().toString());
        assertEquals(written, layerDigests(manifest));
        assertEquals(skopeoLayers("docker://" + target), layerDigests(manifest));
    }

    /** Writes a two-layer image as an OCI layout with the model's writers; returns the layer digests. */
    private static List<Digest> writeLayout(Path dir, String refName) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (String marker : List.of("first layer", "second layer")) {
            byte[] tar = emptyTarWithPadding(marker);
            byte[] gzipped = gzip(tar);
            Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, gzipped);
            write(blobs, layer.digest(), gzipped);
            layers.add(layer);
            diffIds.add(Digest.sha256(tar));
        }
        ImageConfig config = ImageConfig.builder().architecture("amd64").os("linux")
                .cmd(List.of("/bin/sh")).diffIds(diffIds).build();
        write(blobs, config.digest(), config.raw());
        ImageManifest manifest = ImageManifest.builder()
                .config(Descriptor.of(MediaTypes.OCI_CONFIG, config.digest(), config.size()))
                .layers(layers)
                .build();
        write(blobs, manifest.digest(), manifest.raw());
        ImageIndex index = ImageIndex.builder()
                .addManifest(manifest.toDescriptor()
                        .withAnnotations(Map.of("org.opencontainers.image.ref.name", refName)))
                .build();
        Files.write(dir.resolve("index.json"), index.raw());
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return layers.stream().map(Descriptor::digest).toList();
    }

    /** A tar archive with no entries: its end-of-archive blocks, made unique by trailing text. */
    private static byte[] emptyTarWithPadding(String marker) {
        byte[] tar = new byte[1024 + 512];
        byte[] text = marker.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, tar, 1024, text.length);
        return tar;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    private static void write(Path blobs, Digest digest, byte[] content) throws IOException {
        Files.write(blobs.resolve(digest.hex()), content);
    }

    private static List<Digest> layerDigests(ImageManifest manifest) {
        return manifest.layers().stream().map(Descriptor::digest).toList();
    }

    private List<Digest> skopeoLayers(String reference) throws IOException {
        JsonNode inspected = JSON.readTree(skopeo.run("inspect", "--tls-verify=false", reference)
                .requireSuccess().stdoutBytes());
        List<Digest> digests = new ArrayList<>();
        inspected.get("Layers").forEach(layer -> digests.add(Digest.parse(layer.asText())));
        return digests;
    }

    private record Served(byte[] body, String contentType, String dockerContentDigest) {
    }

    private static Served fetchManifest(String repository, String tag) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(registry.url() + "/v2/" + repository + "/manifests/" + tag))
                .header("Accept", String.join(", ", MediaTypes.ACCEPT_ALL_MANIFESTS))
                .GET().build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        return new Served(response.body(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }
}
