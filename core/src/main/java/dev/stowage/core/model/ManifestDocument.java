package dev.stowage.core.model;

import java.util.Map;
import java.util.Optional;

/**
 * A manifest document as a registry serves it: an {@link ImageManifest} (OCI image manifest or
 * Docker schema2 manifest) or an {@link ImageIndex} (OCI image index or Docker manifest list).
 * The bytes are kept exactly as received; {@link #digest()} and {@link #size()} are computed
 * over them, never over re-serialised JSON.
 *
 * <pre>{@code
 * ManifestDocument doc = ManifestDocument.parse(body, response.headers().firstValue("Content-Type").orElse(null));
 * if (doc instanceof ImageIndex index) {
 *     Descriptor chosen = index.manifestFor(Platform.host()).orElseThrow();
 * }
 * }</pre>
 */
public sealed interface ManifestDocument permits ImageManifest, ImageIndex {
    /** The largest manifest Stowage reads, as Distribution and containerd limit it: 4 MiB. */
    int MAX_BYTES = 4 * 1024 * 1024;

    /**
     * Parses and validates a manifest or index.
     *
     * @param raw the document's bytes as received
     * @param mediaType the Content-Type it was served with (parameters such as
     *     {@code ; charset=utf-8} are ignored), or {@code null} to tell the type from the
     *     document's own {@code mediaType} field and its shape
     * @throws InvalidManifestException if the document is over {@link #MAX_BYTES}, is Docker
     *     schema1, disagrees with {@code mediaType}, or breaks a rule of its schema; the message
     *     names the field
     */
    static ManifestDocument parse(byte[] raw, String mediaType) {
        return ManifestParser.parse(raw, mediaType);
    }

    /** The document's bytes as received (a copy). */
    byte[] raw();

    /** SHA-256 of {@link #raw()}. */
    Digest digest();

    /** Length of {@link #raw()}. */
    long size();

    /** The document's media type: its own {@code mediaType} field, else the type it was served as or detected as. */
    String mediaType();

    int schemaVersion();

    /** Annotations of the document (OCI only; empty for Docker documents). */
    Map<String, String> annotations();

    /** The {@code artifactType} field (OCI only). */
    Optional<String> artifactType();

    /** The manifest this one refers to, for referrers such as signatures and SBOMs (OCI only). */
    Optional<Descriptor> subject();

    /** A descriptor pointing at this document, for an index entry or a tag. */
    default Descriptor toDescriptor() {
        Descriptor descriptor = Descriptor.of(mediaType(), digest(), size());
        return artifactType().map(descriptor::withArtifactType).orElse(descriptor);
    }
}
