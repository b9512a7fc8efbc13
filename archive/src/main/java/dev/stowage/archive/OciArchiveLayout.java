package dev.stowage.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.InvalidManifestException;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.reference.InvalidReferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an OCI image layout in a tar ({@code podman save --format oci-archive}, skopeo, buildah,
 * and the OCI part Docker 25 adds to {@code docker save}): {@code index.json} lists the images,
 * each named by its {@code io.containerd.image.name} annotation (a full reference, as Docker and
 * containerd write it) or else its {@code org.opencontainers.image.ref.name} when that is a
 * reference ({@code localhost/app:1}, as podman writes it); a bare tag there ({@code 1}) names no
 * repository, so that image loads untagged.
 */
final class OciArchiveLayout {
    static final String INDEX = "index.json";
    static final String LAYOUT_FILE = "oci-layout";
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String CONTAINERD_NAME = "io.containerd.image.name";

    private OciArchiveLayout() {
    }

    /** The images {@code index.json} lists. */
    static List<ArchiveImages.Image> read(ArchiveContent content, ArchiveLimits limits) {
        String archive = content.file().name();
        List<Descriptor> entries = indexEntries(content, limits).orElseThrow(() -> new InvalidArchiveException(archive
                + ": no " + INDEX + ": not an OCI archive"));
        if (entries.isEmpty()) {
            throw new InvalidArchiveException(archive + ": " + INDEX + " lists no image");
        }
        ArchiveImages images = new ArchiveImages();
        for (int i = 0; i < entries.size(); i++) {
            Descriptor entry = entries.get(i);
            String what = INDEX + "'s entry " + (i + 1);
            if (!MediaTypes.isManifest(entry.mediaType()) && !MediaTypes.isIndex(entry.mediaType())) {
                throw new InvalidArchiveException(archive + ": " + what + " is a " + entry.mediaType()
                        + ", not an image manifest or index");
            }
            TarIndex.Entry blob = content.blob(entry.digest()).orElseThrow(() -> new InvalidArchiveException(archive
                    + ": " + what + " names manifest " + entry.digest() + ", which the archive lacks ("
                    + ArchiveContent.blobPath(entry.digest()) + ")"));
            if (blob.size() != entry.size()) {
                throw new InvalidArchiveException(archive + ": " + what + " says manifest " + entry.digest() + " is "
                        + entry.size() + " bytes, but " + blob.name() + " is " + blob.size());
            }
            String refName = entry.annotations().get(REF_NAME);
            images.add(new ArchiveImages.Image(entry.digest(), name(entry, archive, what).stream().toList(),
                    refName == null ? List.of() : List.of(refName)));
        }
        return images.list();
    }

    /** The descriptors of {@code index.json} ({@code "manifests": null} is none); empty when there is no such file. */
    static Optional<List<Descriptor>> indexEntries(ArchiveContent content, ArchiveLimits limits) {
        ArchiveFile file = content.file();
        if (!file.index().has(INDEX)) {
            return Optional.empty();
        }
        String what = file.name() + ": " + INDEX;
        JsonNode index = ArchiveJson.read(file.read(file.index().file(INDEX, INDEX), limits.maxMetadataBytes(), INDEX), what);
        if (!index.isObject()) {
            throw new InvalidArchiveException(what + " is not a JSON object");
        }
        JsonNode manifests = index.get("manifests");
        List<Descriptor> entries = new ArrayList<>();
        if (manifests == null || manifests.isNull()) {
            return Optional.of(entries); // Docker 25 writes null when it saved no OCI manifest
        }
        if (!manifests.isArray()) {
            throw new InvalidArchiveException(what + "'s manifests is not a list");
        }
        for (int i = 0; i < manifests.size(); i++) {
            try {
                entries.add(Descriptor.parse(ArchiveJson.write(manifests.get(i))));
            } catch (InvalidManifestException e) {
                throw new InvalidArchiveException(what + "'s entry " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return Optional.of(entries);
    }

    /** The name an entry gives its image, if any. */
    private static Optional<ImageReference> name(Descriptor entry, String archive, String what) {
        String containerd = entry.annotations().get(CONTAINERD_NAME);
        if (containerd != null) {
            return Optional.of(parse(containerd, archive, what + "'s " + CONTAINERD_NAME));
        }
        String refName = entry.annotations().get(REF_NAME);
        if (refName != null && (refName.indexOf('/') >= 0 || refName.indexOf(':') >= 0)) {
            return Optional.of(parse(refName, archive, what + "'s " + REF_NAME));
        }
        return Optional.empty();
    }

    private static ImageReference parse(String text, String archive, String what) {
        try {
            ImageReference reference = ImageReference.parse(text);
            if (reference.digest().isPresent()) {
                throw new InvalidArchiveException(archive + ": " + what + " " + TarIndex.quote(text)
                        + " names a digest, not a tag");
            }
            return reference.withDefaultTag();
        } catch (InvalidReferenceException e) {
            throw new InvalidArchiveException(archive + ": " + what + " " + TarIndex.quote(text)
                    + " is not a valid image name: " + e.getMessage(), e);
        }
    }
}
