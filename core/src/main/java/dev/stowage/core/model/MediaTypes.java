package dev.stowage.core.model;

import java.util.List;
import java.util.Locale;

/**
 * The media types of OCI and Docker image documents and blobs, and the questions code asks about
 * them.
 *
 * <pre>{@code
 * request.header("Accept", String.join(", ", MediaTypes.ACCEPT_ALL_MANIFESTS));
 * if (MediaTypes.isIndex(contentType)) { ... }
 * }</pre>
 */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** The empty JSON object {@code {}}, the config of artifacts that have none. */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR =
            "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_FOREIGN_LAYER_TAR_GZIP =
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /** Docker schema1, known only so that it can be refused by name. */
    public static final String DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
    /** Signed Docker schema1, known only so that it can be refused by name. */
    public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST =
            "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /**
     * Every manifest type Stowage reads, indexes first, for a registry's {@code Accept} header.
     * Offering the index types lets the registry answer a multi-platform tag with its index
     * instead of down-converting.
     */
    public static final List<String> ACCEPT_ALL_MANIFESTS =
            List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private MediaTypes() {
    }

    /** Whether {@code mediaType} is an OCI image index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        String type = essence(mediaType);
        return OCI_INDEX.equals(type) || DOCKER_MANIFEST_LIST.equals(type);
    }

    /** Whether {@code mediaType} is an OCI image manifest or a Docker schema2 manifest. */
    public static boolean isManifest(String mediaType) {
        String type = essence(mediaType);
        return OCI_MANIFEST.equals(type) || DOCKER_MANIFEST.equals(type);
    }

    /** Whether {@code mediaType} is one of the Docker schema1 manifest types Stowage refuses. */
    public static boolean isSchema1(String mediaType) {
        String type = essence(mediaType);
        return DOCKER_SCHEMA1_MANIFEST.equals(type) || DOCKER_SCHEMA1_SIGNED_MANIFEST.equals(type);
    }

    /** Whether {@code mediaType} is one of the Docker (rather than OCI) image types. */
    public static boolean isDocker(String mediaType) {
        String type = essence(mediaType);
        return type != null && type.startsWith("application/vnd.docker.");
    }

    /** Whether {@code mediaType} is a filesystem layer of the OCI or Docker formats. */
    public static boolean isLayer(String mediaType) {
        String type = essence(mediaType);
        return type != null && (type.startsWith("application/vnd.oci.image.layer.")
                || type.startsWith("application/vnd.docker.image.rootfs."));
    }

    /**
     * Whether {@code mediaType} is a layer that registries may not redistribute (OCI
     * non-distributable, Docker foreign): such layers are fetched from their {@code urls} and
     * never pushed.
     */
    public static boolean isNonDistributable(String mediaType) {
        String type = essence(mediaType);
        return type != null && (type.startsWith("application/vnd.oci.image.layer.nondistributable.")
                || type.startsWith("application/vnd.docker.image.rootfs.foreign."));
    }

    /**
     * The media type without parameters, trimmed and lower-cased ({@code "Application/JSON;
     * charset=utf-8"} → {@code "application/json"}); {@code null} for null or blank input. HTTP
     * media types are case-insensitive, and registries add parameters to Content-Type.
     */
    static String essence(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        int semicolon = mediaType.indexOf(';');
        String type = (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim();
        return type.isEmpty() ? null : type.toLowerCase(Locale.ROOT);
    }
}
