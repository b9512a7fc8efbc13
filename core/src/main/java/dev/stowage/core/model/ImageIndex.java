package dev.stowage.core.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An OCI image index or a Docker manifest list: the manifests of one image for several
 * platforms (and, in OCI indexes, other artifacts such as attestations).
 *
 * <pre>{@code
 * ImageIndex index = ImageIndex.builder()
 *         .addManifest(amd64.toDescriptor().withPlatform(Platform.of("linux", "amd64")))
 *         .addManifest(arm64.toDescriptor().withPlatform(Platform.of("linux", "arm64", "v8")))
 *         .build();
 * Optional<Descriptor> mine = index.manifestFor(Platform.host());
 * }</pre>
 */
public final class ImageIndex extends ManifestDocument {
    private final List<Descriptor> manifests;

    ImageIndex(CommonFields common, List<Descriptor> manifests) {
        super(common);
        this.manifests = List.copyOf(manifests);
    }

    /** A builder for an OCI image index; {@link Builder#mediaType(String)} switches to a Docker manifest list. */
    public static Builder builder() {
        return new Builder();
    }

    /** The entries in document order. */
    public List<Descriptor> manifests() {
        return manifests;
    }

    /**
     * The entry to use where {@code wanted} is asked for, chosen as docker does: an entry for
     * exactly that platform (after normalisation) first, else the closest older variant the
     * platform also runs (see {@link Platform#matches(Platform)}); among equals, the first in the
     * index. Entries without a platform are never chosen.
     */
    public Optional<Descriptor> manifestFor(Platform wanted) {
        return manifestFor(wanted, digest -> true);
    }

    /** As {@link #manifestFor(Platform)}, among the entries whose digest is {@code among} (those a store holds). */
    public Optional<Descriptor> manifestFor(Platform wanted, Predicate<Digest> among) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor entry : manifests) {
            if (!among.test(entry.digest())) {
                continue;
            }
            int rank = entry.platform().map(p -> p.compatibilityRank(wanted)).orElse(-1);
            if (rank >= 0 && rank < bestRank) {
                best = entry;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        return "ImageIndex[" + mediaType() + ", " + digest() + ", " + manifests.size() + " manifests]";
    }

    /**
     * Collects the entries of an index and serialises them once, compactly, in the field order
     * of image-spec's examples; the built index's digest is of those bytes.
     */
    public static final class Builder extends ManifestDocumentBuilder<Builder> {
        private final List<Descriptor> manifests = new ArrayList<>();

        private Builder() {
            super(MediaTypes.OCI_INDEX);
        }

        /**
         * {@link MediaTypes#OCI_INDEX} (the default) or {@link MediaTypes#DOCKER_MANIFEST_LIST}.
         *
         * @throws IllegalArgumentException for any other type
         */
        public Builder mediaType(String mediaType) {
            if (!MediaTypes.isIndex(mediaType) || !mediaType.equals(MediaTypes.essence(mediaType))) {
                throw new IllegalArgumentException("an index's media type is " + MediaTypes.OCI_INDEX + " or "
                        + MediaTypes.DOCKER_MANIFEST_LIST + ", not " + mediaType);
            }
            this.mediaType = mediaType;
            return this;
        }

        public Builder addManifest(Descriptor manifest) {
            manifests.add(Objects.requireNonNull(manifest, "manifest"));
            return this;
        }

        /** Replaces the entries. */
        public Builder manifests(List<Descriptor> manifests) {
            this.manifests.clear();
            manifests.forEach(this::addManifest);
            return this;
        }

        /**
         * @throws IllegalStateException if OCI-only parts are set on a Docker manifest list
         */
        public ImageIndex build() {
            return (ImageIndex) write("manifest lists", "index", node -> {
                ArrayNode entries = node.putArray("manifests");
                manifests.forEach(manifest -> entries.add(manifest.toJson()));
            });
        }
    }
}
