package dev.stowage.archive;

import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.InvalidManifestException;
import dev.stowage.core.model.ManifestDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content of an open archive by digest: blobs of its OCI layout part
 * ({@code blobs/<alg>/<hex>}), blobs a {@code manifest.json} names otherwise (a Docker 24 layer
 * {@code <id>/layer.tar}, a config {@code <hex>.json}), and manifests made for images whose archive
 * carries none. Manifests are read in full, checked against their digest, and parsed.
 */
final class ArchiveContent {
    private final ArchiveFile file;
    private final Map<Digest, TarIndex.Entry> aliases = new ConcurrentHashMap<>();
    private final Map<Digest, ManifestDocument> made = new ConcurrentHashMap<>();

    ArchiveContent(ArchiveFile file) {
        this.file = file;
    }

    ArchiveFile file() {
        return file;
    }

    /** Records that {@code digest}'s content is the entry {@code entry} (it is verified when read). */
    void alias(Digest digest, TarIndex.Entry entry) {
        aliases.putIfAbsent(digest, entry);
    }

    /** Records a manifest made for an image the archive has no manifest of. */
    void made(ManifestDocument manifest) {
        made.putIfAbsent(manifest.digest(), manifest);
    }

    /** The entry holding the blob, if the archive has it. */
    Optional<TarIndex.Entry> blob(Digest digest) {
        TarIndex.Entry alias = aliases.get(digest);
        if (alias != null) {
            return Optional.of(alias);
        }
        return file.index().optionalFile(blobPath(digest), "the blob " + digest);
    }

    boolean hasManifest(Digest digest) {
        return made.containsKey(digest) || blob(digest).isPresent();
    }

    /**
     * A manifest or index, verified against {@code digest}.
     *
     * @throws InvalidArchiveException if the archive lacks it, it does not match its digest or is no manifest
     */
    ManifestDocument manifest(Digest digest) {
        ManifestDocument known = made.get(digest);
        if (known != null) {
            return known;
        }
        TarIndex.Entry entry = blob(digest).orElseThrow(() -> new InvalidArchiveException(file.name()
                + ": the archive lacks manifest " + digest + " (" + blobPath(digest) + ")"));
        byte[] raw = file.read(entry, ManifestDocument.MAX_BYTES, "manifest " + digest);
        try {
            digest.verify(raw);
        } catch (DigestMismatchException e) {
            throw new InvalidArchiveException(file.name() + ": entry " + entry.name() + ": " + e.getMessage(), e);
        }
        ManifestDocument manifest;
        try {
            manifest = ManifestDocument.parse(raw, null);
        } catch (InvalidManifestException e) {
            throw new InvalidArchiveException(file.name() + ": entry " + entry.name() + ": " + e.getMessage(), e);
        }
        if (manifest instanceof ImageManifest image) {
            checkBlobs(image, entry);
        }
        return manifest;
    }

    /**
     * Every blob of the manifest is in the archive with the size its descriptor gives, checked
     * before any is copied: a size that lies fails here, not half way through a load. A foreign
     * layer (one with URLs) may be absent, as {@code docker save} leaves it out.
     */
    private void checkBlobs(ImageManifest manifest, TarIndex.Entry manifestEntry) {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(manifest.config());
        blobs.addAll(manifest.layers());
        for (Descriptor blob : blobs) {
            Optional<TarIndex.Entry> entry = blob(blob.digest());
            if (entry.isEmpty()) {
                if (blob.urls().isEmpty()) {
                    throw new InvalidArchiveException(file.name() + ": manifest " + manifestEntry.name() + " names blob "
                            + blob.digest() + ", which the archive lacks (" + blobPath(blob.digest()) + ")");
                }
            } else if (entry.get().size() != blob.size()) {
                throw new InvalidArchiveException(file.name() + ": entry " + entry.get().name() + " is " + entry.get().size()
                        + " bytes, but its descriptor in manifest " + manifestEntry.name() + " says blob " + blob.digest()
                        + " is " + blob.size());
            }
        }
    }

    /** Where an OCI image layout keeps a blob. */
    static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    /** The digest an OCI layout path names ({@code blobs/sha256/<hex>}), if it is one. */
    static Optional<Digest> digestOfPath(String path) {
        String normal;
        try {
            normal = TarIndex.normalize(path);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] parts = normal.split("/");
        if (parts.length != 3 || !parts[0].equals("blobs")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Digest.of(parts[1], parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The entry name a blob is read from, for messages. */
    Optional<String> entryOf(Digest digest) {
        return blob(digest).map(TarIndex.Entry::name);
    }
}
