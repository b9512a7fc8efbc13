package dev.stowage.registry;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;

/** Small images pushed and pulled through a {@link RegistryClient}, for integration tests of auth and TLS. */
public final class TestImages {
    private TestImages() {
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static Descriptor layer(byte[] content) {
        return Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(content), content.length);
    }

    public static BlobContent content(byte[] content) {
        return offset -> new ByteArrayInputStream(content, (int) offset, content.length - (int) offset);
    }

    public static BlobPush pushBlob(RegistryClient client, ImageReference repository, byte[] content,
            Optional<String> mountFrom) {
        return client.pushBlob(repository, layer(content), content(content), mountFrom, ProgressListener.NONE);
    }

    public static byte[] fetchBlob(RegistryClient client, ImageReference repository, Digest digest, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetchBlob(repository, digest, size, out, ProgressListener.NONE);
        return out.toByteArray();
    }

    /** Pushes a config and a layer, then a manifest naming them under {@code tag}; returns the manifest. */
    public static byte[] pushImage(RegistryClient client, ImageReference repository, String tag, long seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                + "\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(1000, seed);
        pushBlob(client, repository, config, Optional.empty());
        pushBlob(client, repository, layer, Optional.empty());
        byte[] manifest = TestManifests.ociManifest(Digest.sha256(config), config.length, Digest.sha256(layer),
                layer.length);
        client.pushManifest(repository.withTag(tag), manifest, MediaTypes.OCI_MANIFEST);
        return manifest;
    }
}
