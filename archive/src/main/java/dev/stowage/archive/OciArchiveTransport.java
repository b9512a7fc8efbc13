package dev.stowage.archive;

/**
 * {@code oci-archive:FILE[:NAME]}: an OCI image layout as a tar, as podman ({@code save --format
 * oci-archive}), skopeo and buildah read and write it, an image's name being its
 * {@code org.opencontainers.image.ref.name} annotation. Found through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * images.copy("store:app:1", "oci-archive:/tmp/app.tar:app:1").call();
 * images.save("app:1").format(ArchiveFormat.OCI_ARCHIVE).to(Path.of("/tmp/app.tar")).call();
 * }</pre>
 */
public final class OciArchiveTransport extends ArchiveTransport {
    @Override
    public String name() {
        return "oci-archive";
    }

    @Override
    ArchiveReader.Accepts accepts() {
        return ArchiveReader.Accepts.OCI;
    }

    @Override
    ArchiveWriter.Kind kind() {
        return ArchiveWriter.Kind.OCI;
    }
}
