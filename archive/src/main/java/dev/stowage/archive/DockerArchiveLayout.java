package dev.stowage.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestingInputStream;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.InvalidManifestException;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.reference.InvalidReferenceException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code docker save} archive: {@code manifest.json} lists each image's config, names
 * ({@code RepoTags}) and layer files. Docker 24 and earlier (and podman) name a layer
 * {@code <id>/layer.tar} (uncompressed: its digest is its diff_id from the config) and a config
 * {@code <hex>.json}; Docker 25 and later put an OCI image layout in the same tar and point
 * {@code manifest.json} into its {@code blobs/}. An image whose manifest the OCI part holds is
 * loaded with that manifest, so its digest survives a save and load; otherwise one is made (a
 * Docker manifest, or an OCI one when the archive is of the OCI kind or a layer is zstd).
 *
 * <p>Checked before anything is stored: every file named exists inside the archive (links
 * followed within it), the config parses and has one diff_id per layer, a layer named by its
 * digest that is an uncompressed tar has that digest as its diff_id, names are valid references.
 * A compressed layer named otherwise is digested here (and its diff_id checked, within the
 * decompression limits); every other blob is verified by the store as it is written.
 */
final class DockerArchiveLayout {
    static final String MANIFEST = "manifest.json";

    private final ArchiveContent content;
    private final ArchiveFile file;
    private final ArchiveLimits limits;
    private final String archive;

    private DockerArchiveLayout(ArchiveContent content, ArchiveLimits limits) {
        this.content = content;
        this.file = content.file();
        this.limits = limits;
        this.archive = file.name();
    }

    /** The images {@code manifest.json} lists, each once with all its names; none for {@code []}, which docker loads as nothing. */
    static List<ArchiveImages.Image> read(ArchiveContent content, ArchiveLimits limits) {
        return new DockerArchiveLayout(content, limits).images();
    }

    private List<ArchiveImages.Image> images() {
        TarIndex.Entry entry = file.index().file(MANIFEST, MANIFEST);
        JsonNode list = ArchiveJson.read(file.read(entry, limits.maxMetadataBytes(), MANIFEST), archive + ": " + MANIFEST);
        if (list.isNull()) {
            throw invalid(MANIFEST + " is null: it lists no image");
        }
        if (!list.isArray()) {
            throw invalid(MANIFEST + " is not a list of images (a JSON array)");
        }
        List<Descriptor> ociEntries = OciArchiveLayout.indexEntries(content, limits).orElse(List.of());
        ArchiveImages images = new ArchiveImages();
        for (int i = 0; i < list.size(); i++) {
            String what = MANIFEST + "'s image " + (i + 1);
            JsonNode image = list.get(i);
            if (!image.isObject()) {
                throw invalid(what + " is not a JSON object");
            }
            images.add(image(image, what, ociEntries));
        }
        return images.list();
    }

    private ArchiveImages.Image image(JsonNode image, String what, List<Descriptor> ociEntries) {
        String configPath = text(image.get("Config"), what + "'s Config");
        TarIndex.Entry configEntry = file.index().file(configPath, what + "'s Config");
        byte[] configBytes = file.read(configEntry, limits.maxMetadataBytes(), what + "'s config");
        Digest configDigest = Digest.sha256(configBytes);
        ArchiveContent.digestOfPath(configPath).ifPresent(named -> {
            if (!named.equals(named.recompute(configBytes))) {
                throw invalid("config " + configEntry.name() + " does not match its name: its content is "
                        + named.recompute(configBytes));
            }
        });
        ImageConfig config;
        try {
            config = ImageConfig.parse(configBytes);
        } catch (InvalidManifestException e) {
            throw invalid("config " + configEntry.name() + " of " + what + ": " + e.getMessage());
        }
        List<Digest> diffIds = config.rootfs().diffIds();
        JsonNode layers = image.get("Layers");
        if (layers == null || !layers.isArray()) {
            throw invalid(what + " has no Layers list");
        }
        if (layers.size() != diffIds.size()) {
            throw invalid(what + " lists " + layers.size() + " layers, but its config " + configEntry.name() + " has "
                    + diffIds.size() + " diff_ids");
        }
        content.alias(configDigest, configEntry);
        List<Layer> found = new ArrayList<>();
        for (int j = 0; j < layers.size(); j++) {
            String layerWhat = what + "'s layer " + (j + 1);
            String path = text(layers.get(j), layerWhat);
            found.add(layer(path, layerWhat, diffIds.get(j)));
        }
        List<ImageReference> names = names(image.get("RepoTags"), what);
        Optional<Digest> stored = ociManifest(ociEntries, configDigest, found);
        Digest top = stored.orElseGet(() -> made(configDigest, configBytes.length, found, !ociEntries.isEmpty()
                || file.index().has(OciArchiveLayout.LAYOUT_FILE)));
        return new ArchiveImages.Image(top, names, List.of());
    }

    /** A layer and what it is: its digest, size and compression. */
    private record Layer(Digest digest, long size, Compression compression) {
    }

    private Layer layer(String path, String what, Digest diffId) {
        TarIndex.Entry entry = file.index().file(path, what);
        Compression compression = Compression.detect(file.head(entry, Compression.MAGIC_BYTES));
        if (compression == Compression.XZ || compression == Compression.BZIP2) {
            throw invalid(what + " (" + entry.name() + ") is compressed with " + compression.displayName()
                    + ", which images cannot carry; layers are tars, gzip or zstd");
        }
        Optional<Digest> named = ArchiveContent.digestOfPath(path);
        Digest digest;
        if (named.isPresent()) {
            digest = named.get();
            if (compression == Compression.NONE && !digest.equals(diffId)) {
                throw invalid(what + " (" + entry.name() + ") is an uncompressed tar, so its digest is its diff_id, but the "
                        + "config says " + diffId);
            }
        } else if (compression == Compression.NONE) {
            digest = diffId; // verified by the store as it is written
        } else {
            digest = digestCompressed(entry, compression, diffId, what);
        }
        content.alias(digest, entry);
        return new Layer(digest, entry.size(), compression);
    }

    /** Digests a compressed layer and checks what it decompresses to against its diff_id. */
    private Digest digestCompressed(TarIndex.Entry entry, Compression compression, Digest diffId, String what) {
        try (DigestingInputStream stored = new DigestingInputStream(file.open(entry), Digest.SHA256)) {
            ExpansionGuard.Counting counted = new ExpansionGuard.Counting(stored);
            try (DigestingInputStream tar = new DigestingInputStream(new ExpansionGuard(
                    compression.decompress(counted, entry.name()), counted, limits, archive + ": " + entry.name(),
                    compression.displayName()), Digest.SHA256)) {
                tar.transferTo(OutputStream.nullOutputStream());
                if (!tar.digest().equals(diffId)) {
                    throw invalid(what + " (" + entry.name() + ") does not match its diff_id: the config says " + diffId
                            + ", it decompresses to " + tar.digest());
                }
            }
            stored.transferTo(OutputStream.nullOutputStream()); // whatever follows the compressed stream belongs to the blob too
            return stored.digest();
        } catch (IOException e) {
            throw invalid(what + " (" + entry.name() + ") is not a readable " + compression.displayName() + " stream: "
                    + e.getMessage());
        }
    }

    /**
     * The archive's own manifest for the image: an entry of its {@code index.json} (or a
     * platform manifest of an index there) with the same config and layers.
     */
    private Optional<Digest> ociManifest(List<Descriptor> entries, Digest config, List<Layer> layers) {
        List<Digest> layerDigests = layers.stream().map(Layer::digest).toList();
        for (Descriptor entry : entries) {
            if (!content.hasManifest(entry.digest())) {
                continue;
            }
            ManifestDocument document = content.manifest(entry.digest());
            if (document instanceof ImageManifest m && same(m, config, layerDigests)) {
                return Optional.of(entry.digest());
            }
            if (document instanceof ImageIndex index) {
                for (Descriptor child : index.manifests()) {
                    if (content.hasManifest(child.digest()) && content.manifest(child.digest()) instanceof ImageManifest m
                            && same(m, config, layerDigests)) {
                        return Optional.of(entry.digest());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean same(ImageManifest manifest, Digest config, List<Digest> layers) {
        return manifest.config().digest().equals(config)
                && manifest.layers().stream().map(Descriptor::digest).toList().equals(layers);
    }

    /** A manifest for an image the archive carries none of, recorded with the archive's content. */
    private Digest made(Digest config, long configSize, List<Layer> layers, boolean oci) {
        boolean useOci = oci || layers.stream().anyMatch(l -> l.compression() == Compression.ZSTD);
        ImageManifest.Builder builder = ImageManifest.builder()
                .mediaType(useOci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST)
                .config(Descriptor.of(useOci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG, config, configSize));
        for (Layer layer : layers) {
            builder.addLayer(Descriptor.of(mediaType(layer.compression(), useOci), layer.digest(), layer.size()));
        }
        ImageManifest manifest;
        try {
            manifest = builder.build();
        } catch (InvalidManifestException e) {
            throw invalid("cannot make a manifest for config " + config + ": " + e.getMessage());
        }
        content.made(manifest);
        return manifest.digest();
    }

    private static String mediaType(Compression compression, boolean oci) {
        return switch (compression) {
            case GZIP -> oci ? MediaTypes.OCI_LAYER_TAR_GZIP : MediaTypes.DOCKER_LAYER_TAR_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_TAR_ZSTD;
            default -> oci ? MediaTypes.OCI_LAYER_TAR : MediaTypes.DOCKER_LAYER_TAR;
        };
    }

    /** {@code RepoTags}: each a reference, {@code latest} when it has no tag (as docker reads it); null or absent is none. */
    private List<ImageReference> names(JsonNode tags, String what) {
        List<ImageReference> names = new ArrayList<>();
        if (tags == null || tags.isNull()) {
            return names;
        }
        if (!tags.isArray()) {
            throw invalid(what + "'s RepoTags is not a list");
        }
        for (JsonNode tag : tags) {
            String text = text(tag, what + "'s RepoTags entry");
            ImageReference reference;
            try {
                reference = ImageReference.parse(text);
            } catch (InvalidReferenceException e) {
                throw invalid(what + " has the name " + TarIndex.quote(text) + ", which is not a valid image name: "
                        + e.getMessage());
            }
            if (reference.digest().isPresent()) {
                throw invalid(what + " has the name " + TarIndex.quote(text) + ": a name in RepoTags has a tag, not a digest");
            }
            ImageReference tagged = reference.withDefaultTag();
            if (!names.contains(tagged)) {
                names.add(tagged);
            }
        }
        return names;
    }

    private String text(JsonNode node, String what) {
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw invalid(what + " is missing or not a file name");
        }
        return node.asText();
    }

    private InvalidArchiveException invalid(String message) {
        return new InvalidArchiveException(archive + ": " + message);
    }
}
