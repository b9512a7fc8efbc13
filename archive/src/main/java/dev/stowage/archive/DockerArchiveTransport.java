package dev.stowage.archive;

/**
 * {@code docker-archive:FILE[:REF]}: a {@code docker save} tar, as skopeo reads and writes it;
 * {@code ImageManager.save} and {@code load} write and read it whole (several images in one).
 * Reading takes any Docker version's form and podman's, and OCI archives too, as {@code docker
 * load} does; writing makes the form Docker 25 writes (an OCI layout and {@code manifest.json} in
 * one tar). Found through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * images.copy("store:app:1", "docker-archive:/tmp/app.tar:app:1").call();
 * images.save("app:1").to(Path.of("/tmp/app.tar")).call();
 * }</pre>
 */
public final class DockerArchiveTransport extends ArchiveTransport {
    @Override
    public String name() {
        return "docker-archive";
    }

    @Override
    ArchiveReader.Accepts accepts() {
        return ArchiveReader.Accepts.ANY;
    }

    @Override
    ArchiveWriter.Kind kind() {
        return ArchiveWriter.Kind.DOCKER;
    }
}
