package dev.stowage.core;

/**
 * The kinds of image archive {@code ImageManager.save} writes, each named by the transport prefix
 * skopeo gives it ({@code docker-archive:FILE}, {@code oci-archive:FILE}).
 */
public enum ArchiveFormat {
    /**
     * What {@code docker save} writes: {@code manifest.json} ({@code Config}, {@code RepoTags},
     * {@code Layers}) and {@code repositories}, in the same tar as an OCI image layout
     * ({@code oci-layout}, {@code index.json}, {@code blobs/}), as Docker 25 and later write it, so
     * that old and new {@code docker load}, podman and OCI tools all read it.
     */
    DOCKER_ARCHIVE("docker-archive"),
    /** An OCI image layout as a tar, as {@code podman save --format oci-archive}, skopeo and buildah write it. */
    OCI_ARCHIVE("oci-archive");

    private final String transport;

    ArchiveFormat(String transport) {
        this.transport = transport;
    }

    /** The transport's name: {@code docker-archive} or {@code oci-archive}. */
    public String transport() {
        return transport;
    }

    /**
     * The format named {@code name}: {@code docker-archive} or {@code oci-archive} (also
     * {@code docker} and {@code oci}).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static ArchiveFormat of(String name) {
        return switch (name) {
            case "docker-archive", "docker" -> DOCKER_ARCHIVE;
            case "oci-archive", "oci" -> OCI_ARCHIVE;
            default -> throw new IllegalArgumentException("unknown archive format \"" + name
                    + "\": use docker-archive or oci-archive");
        };
    }
}
