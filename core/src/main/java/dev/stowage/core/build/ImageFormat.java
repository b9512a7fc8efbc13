package dev.stowage.core.build;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.MediaTypes;
import java.util.Map;

/**
 * The media types a built image is written with: OCI (the default) or Docker schema2, whose
 * manifest, config and layer types all differ. Docker has no zstd layer type.
 */
public enum ImageFormat {
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.OCI_CONFIG),
    DOCKER(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_CONFIG);

    /** Layer types of one format and their counterparts in the other. */
    private static final Map<String, String> OCI_TO_DOCKER = Map.of(
            MediaTypes.OCI_LAYER_TAR, MediaTypes.DOCKER_LAYER_TAR,
            MediaTypes.OCI_LAYER_TAR_GZIP, MediaTypes.DOCKER_LAYER_TAR_GZIP,
            MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP, MediaTypes.DOCKER_FOREIGN_LAYER_TAR_GZIP);
    private static final Map<String, String> DOCKER_TO_OCI = Map.of(
            MediaTypes.DOCKER_LAYER_TAR, MediaTypes.OCI_LAYER_TAR,
            MediaTypes.DOCKER_LAYER_TAR_GZIP, MediaTypes.OCI_LAYER_TAR_GZIP,
            MediaTypes.DOCKER_FOREIGN_LAYER_TAR_GZIP, MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP);

    private final String manifestType;
    private final String indexType;
    private final String configType;

    ImageFormat(String manifestType, String indexType, String configType) {
        this.manifestType = manifestType;
        this.indexType = indexType;
        this.configType = configType;
    }

    public String manifestMediaType() {
        return manifestType;
    }

    public String indexMediaType() {
        return indexType;
    }

    public String configMediaType() {
        return configType;
    }

    /**
     * The layer type for layers compressed with {@code compression}.
     *
     * @throws IllegalStateException for zstd in the Docker format
     */
    public String layerMediaType(LayerCompression compression) {
        return switch (compression.kind()) {
            case GZIP -> this == OCI ? MediaTypes.OCI_LAYER_TAR_GZIP : MediaTypes.DOCKER_LAYER_TAR_GZIP;
            case NONE -> this == OCI ? MediaTypes.OCI_LAYER_TAR : MediaTypes.DOCKER_LAYER_TAR;
            case ZSTD -> {
                if (this == DOCKER) {
                    throw zstdInDocker("zstd compression");
                }
                yield MediaTypes.OCI_LAYER_TAR_ZSTD;
            }
        };
    }

    /**
     * A base image's layer described in this format: the same blob, the type renamed to its
     * counterpart.
     *
     * @throws IllegalStateException for a zstd layer in the Docker format
     */
    Descriptor convert(Descriptor layer) {
        String type = layer.mediaType();
        String converted = (this == DOCKER ? OCI_TO_DOCKER : DOCKER_TO_OCI).getOrDefault(type, type);
        if (this == DOCKER && !MediaTypes.isDocker(converted)) {
            throw zstdInDocker("the base layer " + layer.digest() + " of type " + type);
        }
        return converted.equals(type) ? layer
                : new Descriptor(converted, layer.digest(), layer.size(), layer.urls(), layer.annotations(),
                        layer.platform(), layer.artifactType(), layer.data());
    }

    private static IllegalStateException zstdInDocker(String what) {
        return new IllegalStateException(what + " cannot be written with Docker media types, which have no "
                + "zstd or other such layer type; use ImageFormat.OCI");
    }
}
