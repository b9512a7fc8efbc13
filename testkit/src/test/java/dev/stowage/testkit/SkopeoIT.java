package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SkopeoIT {

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private final Skopeo skopeo = Skopeo.locate();

    @TempDir
    Path layout;

    @Test
    void copyPushesAnOciLayoutWhoseManifestInspectRawReturnsUnchanged() throws IOException {
        byte[] manifest = writeSingleLayerLayout(layout, "app");
        String target = "docker://" + registry.host() + "/kit/app:1";

        skopeo.copy("oci:" + layout + ":app", target);

        assertArrayEquals(manifest, skopeo.inspectRaw(target));
        assertTrue(Files.readString(registry.logFile()).contains("\"PUT /v2/kit/app/manifests/1 HTTP/1.1\" 201"));
    }

    @Test
    void runReturnsTheExitCodeAndStderrOfAFailedCommand() {
        Skopeo.Result result = skopeo.run("inspect", "--raw", "--tls-verify=false",
                "docker://" + registry.host() + "/kit/missing:1");

        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("manifest unknown"), result.stderr());
    }

    @Test
    void copyFailureNamesTheCommandAndSkopeosError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> skopeo.copy("oci:" + layout + ":absent", "docker://" + registry.host() + "/kit/absent:1"));

        assertTrue(e.getMessage().startsWith("skopeo copy --dest-tls-verify=false oci:"), e.getMessage());
        assertTrue(e.getMessage().contains("exited with"), e.getMessage());
    }

    @Test
    void runKillsACommandThatOutlivesItsTimeLimit() throws IOException {
        // A socket that accepts connections into its backlog and never answers: skopeo waits forever.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Skopeo impatient = skopeo.withTimeout(Duration.ofSeconds(2));

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> impatient.run(
                    "inspect", "--raw", "--tls-verify=false", "docker://127.0.0.1:" + silent.getLocalPort() + "/kit/app:1"));

            assertTrue(e.getMessage().contains("did not finish within 2 s and was killed"), e.getMessage());
        }
    }

    /**
     * Writes an OCI image layout holding one image whose layer is an empty gzipped tar; returns
     * its manifest. The layer is compressed because skopeo compresses plain tar layers on push,
     * which would change the manifest.
     */
    private static byte[] writeSingleLayerLayout(Path root, String name) throws IOException {
        byte[] emptyTar = new byte[1024]; // two zero blocks
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(emptyTar);
        }
        byte[] layer = gzipped.toByteArray();
        Digest layerDigest = Digest.sha256(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(emptyTar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digest.sha256(config) + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + Digest.sha256(manifest) + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + name + "\"}}]}";
        Path blobs = Files.createDirectories(root.resolve("blobs/sha256"));
        for (byte[] blob : new byte[][] {layer, config, manifest}) {
            Files.write(blobs.resolve(Digest.sha256(blob).hex()), blob);
        }
        Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(root.resolve("index.json"), index);
        return manifest;
    }
}
