package dev.stowage.core.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An OCI image manifest or a Docker schema2 manifest: one image (or artifact) as a config blob
 * and an ordered list of layers.
 *
 * <pre>{@code
 * ImageManifest manifest = ImageManifest.builder()
 *         .config(Descriptor.of(MediaTypes.OCI_CONFIG, configBytes))
 *         .addLayer(Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, layerDigest, layerSize))
 *         .build();
 * registry.putManifest(repository, tag, manifest.raw(), manifest.mediaType());
 * }</pre>
 */
public final class ImageManifest extends ManifestDocument {
    private final Descriptor config;
    private final List<Descriptor> layers;

    ImageManifest(CommonFields common, Descriptor config, List<Descriptor> layers) {
        super(common);
        this.config = config;
        this.layers = List.copyOf(layers);
    }

    /** A builder for an OCI image manifest; {@link Builder#mediaType(String)} switches to Docker schema2. */
    public static Builder builder() {
        return new Builder();
    }

    public Descriptor config() {
        return config;
    }

    /** The layers, base layer first. */
    public List<Descriptor> layers() {
        return layers;
    }

    @Override
    public String toString() {
        return "ImageManifest[" + mediaType() + ", " + digest() + ", " + layers.size() + " layers]";
    }

    /**
     * Collects the parts of a manifest and serialises them once, compactly, in the field order
     * of image-spec's examples; the built manifest's digest is of those bytes.
     */
    public static final class Builder extends ManifestDocumentBuilder<Builder> {
        private Descriptor config;
        private final List<Descriptor> layers = new ArrayList<>();

        private Builder() {
            super(MediaTypes.OCI_MANIFEST);
        }

        /**
         * {@link MediaTypes#OCI_MANIFEST} (the default) or {@link MediaTypes#DOCKER_MANIFEST}.
         *
         * @throws IllegalArgumentException for any other type
         */
        public Builder mediaType(String mediaType) {
            if (!MediaTypes.isManifest(mediaType) || !mediaType.equals(MediaTypes.essence(mediaType))) {
                throw new IllegalArgumentException("a manifest's media type is " + MediaTypes.OCI_MANIFEST + " or "
                        + MediaTypes.DOCKER_MANIFEST + ", not " + mediaType);
            }
            this.mediaType = mediaType;
            return this;
        }

        public Builder config(Descriptor config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder addLayer(Descriptor layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            return this;
        }

        /** Replaces the layers. */
        public Builder layers(List<Descriptor> layers) {
            this.layers.clear();
            layers.forEach(this::addLayer);
            return this;
        }

        /**
         * @throws IllegalStateException if the config is missing, or OCI-only parts are set on a
         *     Docker manifest
         * @throws InvalidManifestException if the result breaks a rule parsing would reject
         *     (an OCI manifest needs at least one layer)
         */
        public ImageManifest build() {
            if (config == null) {
                throw new IllegalStateException("a manifest needs a config descriptor");
            }
            return (ImageManifest) write("schema2 manifests", "manifest", node -> {
                node.set("config", config.toJson());
                ArrayNode layerArray = node.putArray("layers");
                layers.forEach(layer -> layerArray.add(layer.toJson()));
            });
        }
    }
}
