package dev.stowage.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.ArchiveCompression;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestingInputStream;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.ImageArchiveWriter;
import dev.stowage.core.spi.ImageDestination;
import dev.stowage.core.transfer.PlatformSelector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes images into one archive tar, streamed: {@code oci-layout} first, then every blob and
 * manifest under {@code blobs/<alg>/<hex>} as the copier hands it over (each once, however many
 * images share it), then the lists of images. A {@link Kind#DOCKER} archive is the form Docker 25
 * writes: the OCI layout's {@code index.json} (each name as {@code io.containerd.image.name} and
 * its tag as {@code org.opencontainers.image.ref.name}) beside {@code manifest.json}
 * ({@code Config}, {@code RepoTags}, {@code Layers} pointing into {@code blobs/}) and the legacy
 * {@code repositories}; Docker of any version, podman and OCI tools read it. A {@link Kind#OCI}
 * archive is the OCI layout alone, each name a full reference in
 * {@code org.opencontainers.image.ref.name} (as podman writes it) and in
 * {@code io.containerd.image.name}.
 *
 * <p>Every blob is verified against its digest and size as it is written (by its source when that
 * checks it as it reads, as the store does; here otherwise); a mismatch fails the archive, which is
 * then never finished (a reader sees a tar without its end).
 */
final class ArchiveWriter implements ImageArchiveWriter {
    enum Kind { DOCKER, OCI }

    private static final byte[] LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Kind kind;
    private final String description;
    private final TarStreamWriter tar;
    private final Map<Digest, Long> written = new HashMap<>();
    private final Map<Digest, ManifestDocument> manifests = new HashMap<>();
    private final Map<Digest, List<ImageReference>> images = new LinkedHashMap<>();
    private boolean started;
    private boolean failed;
    private boolean finished;

    /** @param description how messages name the archive ({@code docker-archive:/tmp/app.tar}) */
    ArchiveWriter(Kind kind, OutputStream out, ArchiveCompression compression, String description) {
        this.kind = kind;
        this.description = description;
        try {
            this.tar = new TarStreamWriter(out, compression);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ImageDestination add(List<ImageReference> names) {
        return new Destination(List.copyOf(names));
    }

    @Override
    public synchronized void finish() {
        check();
        try {
            start();
            tar.file(OciArchiveLayout.INDEX, indexJson());
            if (kind == Kind.DOCKER) {
                tar.file(DockerArchiveLayout.MANIFEST, manifestJson());
                tar.file("repositories", repositoriesJson());
            }
            tar.finish();
            finished = true;
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("cannot write " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The stream belongs to the caller; an unfinished archive just stays unfinished.
    }

    boolean finished() {
        return finished;
    }

    private void check() {
        if (failed) {
            throw new IllegalStateException(description + " failed earlier and cannot be written further");
        }
        if (finished) {
            throw new IllegalStateException(description + " is finished");
        }
    }

    /** The layout's marker and blob directories, before the first blob. */
    private void start() throws IOException {
        if (!started) {
            started = true;
            tar.file(OciArchiveLayout.LAYOUT_FILE, LAYOUT);
            tar.directory("blobs");
            tar.directory("blobs/sha256");
        }
    }

    private synchronized boolean has(Digest digest) {
        return written.containsKey(digest);
    }

    private synchronized void blob(Descriptor blob, BlobContent content) {
        check();
        if (written.containsKey(blob.digest())) {
            return;
        }
        try {
            start();
            if (!blob.digest().algorithm().equals(Digest.SHA256)) {
                tar.directory("blobs/" + blob.digest().algorithm());
            }
            if (content.verified()) { // the source checks the digest; the tar entry checks the size
                try (InputStream in = content.open(0)) {
                    tar.file(ArchiveContent.blobPath(blob.digest()), blob.size(), in);
                }
            } else {
                try (DigestingInputStream in = new DigestingInputStream(content.open(0), blob.digest().algorithm())) {
                    tar.file(ArchiveContent.blobPath(blob.digest()), blob.size(), in);
                    in.verify(blob.digest(), blob.size());
                }
            }
            written.put(blob.digest(), blob.size());
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("cannot write blob " + blob.digest() + " into " + description + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) { // a digest mismatch among them: the tar holds a wrong entry now
            failed = true;
            throw e;
        }
    }

    private synchronized void manifest(ManifestDocument manifest) {
        manifests.put(manifest.digest(), manifest);
        blob(manifest.toDescriptor(), offset -> new ByteArrayInputStream(manifest.raw(), (int) offset,
                manifest.raw().length - (int) offset));
    }

    private synchronized void image(ManifestDocument top, List<ImageReference> names) {
        manifest(top);
        List<ImageReference> list = images.computeIfAbsent(top.digest(), d -> new ArrayList<>());
        names.stream().filter(n -> !list.contains(n)).forEach(list::add);
    }

    /** One descriptor per name (Docker 25 and podman write a name per entry), one without a name for an unnamed image. */
    private byte[] indexJson() {
        ObjectNode index = JSON.objectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode entries = index.putArray("manifests");
        for (Map.Entry<Digest, List<ImageReference>> image : images.entrySet()) {
            ManifestDocument top = manifests.get(image.getKey());
            if (image.getValue().isEmpty()) {
                entries.add(descriptor(top, Map.of()));
            }
            for (ImageReference name : image.getValue()) {
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put(OciArchiveLayout.CONTAINERD_NAME, name.toString());
                annotations.put(OciArchiveLayout.REF_NAME, kind == Kind.DOCKER ? name.tag().orElseThrow() : name.toString());
                entries.add(descriptor(top, annotations));
            }
        }
        return ArchiveJson.write(index);
    }

    private static ObjectNode descriptor(ManifestDocument manifest, Map<String, String> annotations) {
        ObjectNode node = JSON.objectNode();
        node.put("mediaType", manifest.mediaType());
        node.put("digest", manifest.digest().toString());
        node.put("size", manifest.size());
        if (!annotations.isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            annotations.forEach(a::put);
        }
        return node;
    }

    /** docker's list: one entry per image (for an index, its platform manifest this machine would run). */
    private byte[] manifestJson() {
        ArrayNode list = JSON.arrayNode();
        for (Map.Entry<Digest, List<ImageReference>> image : images.entrySet()) {
            ImageManifest manifest = imageManifest(manifests.get(image.getKey()));
            ObjectNode entry = list.addObject();
            entry.put("Config", ArchiveContent.blobPath(manifest.config().digest()));
            if (image.getValue().isEmpty()) {
                entry.putNull("RepoTags");
            } else {
                ArrayNode tags = entry.putArray("RepoTags");
                image.getValue().forEach(name -> tags.add(name.familiar()));
            }
            ArrayNode layers = entry.putArray("Layers");
            manifest.layers().forEach(layer -> layers.add(ArchiveContent.blobPath(layer.digest())));
        }
        return ArchiveJson.write(list);
    }

    private ImageManifest imageManifest(ManifestDocument top) {
        if (top instanceof ImageManifest manifest) {
            return manifest;
        }
        ImageIndex index = (ImageIndex) top;
        Descriptor chosen = PlatformSelector.representative(index, Platform.hostLinux(), manifests::containsKey)
                .orElseThrow(() -> new StowageException("index " + index.digest() + " has no platform manifest in "
                        + description));
        return (ImageManifest) manifests.get(chosen.digest());
    }

    /** The pre-Docker-25 list of names: repository, tag, and the name of the image's top layer in the archive. */
    private byte[] repositoriesJson() {
        ObjectNode repositories = JSON.objectNode();
        for (Map.Entry<Digest, List<ImageReference>> image : images.entrySet()) {
            ImageManifest manifest = imageManifest(manifests.get(image.getKey()));
            Optional<Descriptor> top = manifest.layers().isEmpty() ? Optional.empty()
                    : Optional.of(manifest.layers().get(manifest.layers().size() - 1));
            for (ImageReference name : image.getValue()) {
                ObjectNode tags = repositories.has(name.familiarName()) ? (ObjectNode) repositories.get(name.familiarName())
                        : repositories.putObject(name.familiarName());
                tags.put(name.tag().orElseThrow(), top.map(l -> l.digest().hex()).orElse(""));
            }
        }
        return ArchiveJson.write(repositories);
    }

    /** One image's way into the archive. */
    private final class Destination implements ImageDestination {
        private final List<ImageReference> names;

        Destination(List<ImageReference> names) {
            this.names = names;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public boolean writesInOrder() {
            return true;
        }

        @Override
        public boolean hasBlob(Descriptor blob) {
            return has(blob.digest());
        }

        @Override
        public PutResult putBlob(Descriptor blob, BlobContent content, Optional<BlobLocation> mountFrom) {
            if (has(blob.digest())) {
                return PutResult.PRESENT;
            }
            blob(blob, content);
            return PutResult.WRITTEN;
        }

        @Override
        public void putManifest(ManifestDocument manifest) {
            manifest(manifest);
        }

        @Override
        public void commit(ManifestDocument top) {
            image(top, names);
        }
    }

}
