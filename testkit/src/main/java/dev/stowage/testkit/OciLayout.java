package dev.stowage.testkit;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.model.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * An OCI image layout on disk holding small but valid images (two gzip-compressed tar layers, a
 * config naming their diff IDs, a manifest), written with Stowage's own model writers: the
 * image a test pushes with skopeo, or whose blobs it uploads itself.
 *
 * <pre>{@code
 * OciLayout layout = OciLayout.create(dir);
 * ImageManifest app = layout.addImage("app v1", Platform.of("linux", "amd64"));
 * layout.tag("v1", app.toDescriptor());
 * skopeo.copy("oci:" + dir + ":v1", "docker://" + registry.host() + "/team/app:v1");
 * }</pre>
 */
public final class OciLayout {
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    private final Path directory;
    private final Map<Digest, Platform> platforms = new HashMap<>();
    private final Map<String, Descriptor> tags = new LinkedHashMap<>();

    private OciLayout(Path directory) {
        this.directory = directory;
    }

    /** Starts an empty layout in {@code directory} (created if missing). */
    public static OciLayout create(Path directory) {
        try {
            Files.createDirectories(directory.resolve("blobs/sha256"));
            Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create an OCI layout in " + directory, e);
        }
        OciLayout layout = new OciLayout(directory);
        layout.writeIndex();
        return layout;
    }

    public Path directory() {
        return directory;
    }

    /** Adds an OCI image whose layers carry {@code content}, so different contents give different digests. */
    public ImageManifest addImage(String content, Platform platform) {
        return addImage(content, platform, MediaTypes.OCI_MANIFEST);
    }

    /**
     * Adds an image as an OCI manifest ({@link MediaTypes#OCI_MANIFEST}) or a Docker schema2 one
     * ({@link MediaTypes#DOCKER_MANIFEST}, with Docker config and layer types).
     */
    public ImageManifest addImage(String content, Platform platform, String manifestMediaType) {
        boolean docker = MediaTypes.DOCKER_MANIFEST.equals(manifestMediaType);
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (String part : List.of("first", "second")) {
            byte[] tar = tarWithTrailer(part + " layer of " + content);
            byte[] gzipped = gzip(tar);
            writeBlob(gzipped);
            layers.add(Descriptor.of(docker ? MediaTypes.DOCKER_LAYER_TAR_GZIP : MediaTypes.OCI_LAYER_TAR_GZIP,
                    gzipped));
            diffIds.add(Digest.sha256(tar));
        }
        ImageConfig.Builder config = ImageConfig.builder().os(platform.os()).architecture(platform.architecture())
                .cmd(List.of("/bin/sh")).diffIds(diffIds);
        platform.variant().ifPresent(config::variant);
        ImageConfig built = config.build();
        Digest configDigest = writeBlob(built.raw());
        ImageManifest manifest = ImageManifest.builder().mediaType(manifestMediaType)
                .config(Descriptor.of(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, configDigest,
                        built.size()))
                .layers(layers)
                .build();
        writeBlob(manifest.raw());
        platforms.put(manifest.digest(), platform);
        return manifest;
    }

    /** Adds an OCI index over images added before, each entry carrying its image's platform. */
    public ImageIndex addIndex(List<ImageManifest> images) {
        ImageIndex.Builder index = ImageIndex.builder();
        for (ImageManifest image : images) {
            Platform platform = platforms.get(image.digest());
            if (platform == null) {
                throw new IllegalArgumentException("image " + image.digest() + " was not added to this layout");
            }
            index.addManifest(image.toDescriptor().withPlatform(platform));
        }
        ImageIndex built = index.build();
        writeBlob(built.raw());
        return built;
    }

    /** Names a manifest or index in {@code index.json}, as {@code oci:DIR:NAME} refers to it. */
    public OciLayout tag(String name, Descriptor root) {
        tags.put(name, root.withAnnotations(Map.of(REF_NAME, name)));
        writeIndex();
        return this;
    }

    /** Where the layout holds a blob. */
    public Path blob(Digest digest) {
        return directory.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    private Digest writeBlob(byte[] content) {
        Digest digest = Digest.sha256(content);
        try {
            Files.write(blob(digest), content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write blob " + digest + " into " + directory, e);
        }
        return digest;
    }

    private void writeIndex() {
        ImageIndex index = ImageIndex.builder().manifests(List.copyOf(tags.values())).build();
        try {
            Files.write(directory.resolve("index.json"), index.raw());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write index.json in " + directory, e);
        }
    }

    /**
     * A tar archive without entries: its two end-of-archive blocks, then a block of text that
     * readers ignore but that makes each layer's bytes unique.
     */
    private static byte[] tarWithTrailer(String text) {
        byte[] tar = new byte[1024 + 512];
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, tar, 1024, Math.min(bytes.length, 512));
        return tar;
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
