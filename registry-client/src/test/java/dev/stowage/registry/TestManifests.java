package dev.stowage.registry;

import dev.stowage.core.model.Digest;
import java.nio.charset.StandardCharsets;

/** Small valid documents for tests that need a manifest's bytes. */
public final class TestManifests {
    private TestManifests() {
    }

    static byte[] ociManifest(Digest config, long configSize, Digest layer, long layerSize) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                + "\",\"size\":" + configSize + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer
                + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] anyManifest() {
        return ociManifest(Digest.sha256(new byte[] {1}), 1, Digest.sha256(new byte[] {2}), 1);
    }
}
