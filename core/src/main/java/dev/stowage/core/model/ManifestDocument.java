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
public abstract sealed class ManifestDocument permits ImageManifest, ImageIndex {
    /** The largest manifest Stowage reads, as Distribution and containerd limit it: 4 MiB. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private final CommonFields common;

    ManifestDocument(CommonFields common) {
        this.common = common;
    }

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
    public static ManifestDocument parse(byte[] raw, String mediaType) {
        return ManifestParser.parse(raw, mediaType);
    }

    /** The document's bytes as received (a copy). */
    public final byte[] raw() {
        return common.raw().clone();
    }

    /** SHA-256 of {@link #raw()}. */
    public final Digest digest() {
        return common.digest();
    }

    /** Length of {@link #raw()}. */
    public final long size() {
        return common.raw().length;
    }

    /** The document's media type: its own {@code mediaType} field, else the type it was served as or detected as. */
    public final String mediaType() {
        return common.mediaType();
    }

    /** Always 2: parsing refuses every other version (schema1 is not supported). */
    public final int schemaVersion() {
        return 2;
    }

    /** Annotations of the document (OCI only; empty for Docker documents). */
    public final Map<String, String> annotations() {
        return common.annotations();
    }

    /** The {@code artifactType} field (OCI only). */
    public final Optional<String> artifactType() {
        return common.artifactType();
    }

    /** The manifest this one refers to, for referrers such as signatures and SBOMs (OCI only). */
    public final Optional<Descriptor> subject() {
        return common.subject();
    }

    /** A descriptor pointing at this document, for an index entry or a tag. */
    public final Descriptor toDescriptor() {
        Descriptor descriptor = Descriptor.of(mediaType(), digest(), size());
        return artifactType().map(descriptor::withArtifactType).orElse(descriptor);
    }

    /** Two documents are equal when they are the same bytes served as the same type. */
    @Override
    public final boolean equals(Object o) {
        return o instanceof ManifestDocument other && digest().equals(other.digest())
                && mediaType().equals(other.mediaType());
    }

    @Override
    public final int hashCode() {
        return digest().hashCode();
    }
}
