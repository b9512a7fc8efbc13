package dev.stowage.archive;

import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.reference.ImageReference;
import java.util.ArrayList;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.ArchivedImage;
import dev.stowage.core.spi.ImageArchiveReader;
import java.util.List;
import java.util.Optional;

/**
 * The images of an open archive, read as {@code docker load} reads it: a {@code manifest.json}
 * makes it a {@code docker save} archive (of any Docker version, or podman's), else an
 * {@code index.json} an OCI archive. An archive of the pre-1.10 form (only {@code repositories}
 * and {@code <id>/json}) is refused, as podman and containerd refuse it: it has no image config
 * to keep, so an image ID would have to be invented.
 */
final class ArchiveReader implements ImageArchiveReader {
    /** Which layouts a reader accepts. */
    enum Accepts {
        /** {@code docker load}: a docker archive, else an OCI one. */
        ANY,
        /** {@code oci-archive:}: an OCI layout only. */
        OCI
    }

    private final ArchiveFile file;
    private final ArchiveContent content;
    private final List<ArchiveImages.Image> found;
    private final List<ArchivedImage> images;

    private ArchiveReader(ArchiveFile file, String transport, Accepts accepts, ArchiveLimits limits) {
        this.file = file;
        this.content = new ArchiveContent(file);
        TarIndex index = file.index();
        List<ArchiveImages.Image> found;
        if (accepts == Accepts.OCI) {
            if (!index.has(OciArchiveLayout.INDEX)) {
                throw new InvalidArchiveException(file.name() + ": not an OCI archive: it has no " + OciArchiveLayout.INDEX
                        + (index.has(DockerArchiveLayout.MANIFEST) ? " (it has manifest.json: read it as docker-archive:"
                        + file.name() + ")" : ""));
            }
            found = OciArchiveLayout.read(content, limits);
        } else if (index.has(DockerArchiveLayout.MANIFEST)) {
            found = DockerArchiveLayout.read(content, limits);
        } else if (index.has(OciArchiveLayout.INDEX)) {
            found = OciArchiveLayout.read(content, limits);
        } else if (index.has("repositories")) {
            throw new InvalidArchiveException(file.name() + ": no manifest.json: this is the pre-Docker-1.10 archive "
                    + "form (repositories and <id>/json only), which has no image config; Stowage, podman and "
                    + "containerd load archives written by docker save 1.10 or later, or OCI archives");
        } else {
            throw new InvalidArchiveException(file.name() + ": not an image archive: it has neither manifest.json "
                    + "(docker save) nor index.json (an OCI archive)");
        }
        this.found = found;
        this.images = found.stream().map(image -> new ArchivedImage(image.names(), new ArchiveImageSource(content,
                image.top(), transport + ":" + file.name() + (image.names().isEmpty() ? ""
                        : ":" + image.names().get(0).familiar())))).toList();
    }

    /**
     * Reads the images of an open archive; the reader owns the file from here (closes it on failure too).
     *
     * @param transport the transport name, for descriptions
     */
    static ArchiveReader of(ArchiveFile file, String transport, Accepts accepts, ArchiveLimits limits) {
        try {
            return new ArchiveReader(file, transport, accepts, limits);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public String description() {
        return file.name();
    }

    @Override
    public List<ArchivedImage> images() {
        return images;
    }

    /**
     * The image {@code name} picks, as skopeo's {@code docker-archive:FILE:NAME} and
     * {@code oci-archive:FILE:NAME} do: a name of it (a reference; {@code latest} when it has no
     * tag), an {@code org.opencontainers.image.ref.name} exactly as written, or {@code @N}, the
     * N-th image from 0; without a name, the only image.
     *
     * @throws NotFoundException if none matches, listing what there is
     */
    ArchivedImage choose(String name, String transport) {
        if (name == null) {
            if (images.size() != 1) {
                throw new NotFoundException(file.name() + " holds " + images.size() + " images; name one as " + transport
                        + ":FILE:NAME or " + transport + ":FILE:@N" + names());
            }
            return images.get(0);
        }
        if (name.startsWith("@")) {
            try {
                int n = Integer.parseInt(name.substring(1));
                if (n >= 0 && n < images.size()) {
                    return images.get(n);
                }
            } catch (NumberFormatException e) {
                // not an index after all; try it as a name
            }
        }
        Optional<ImageReference> reference;
        try {
            reference = Optional.of(ImageReference.parse(name).withDefaultTag());
        } catch (IllegalArgumentException e) {
            reference = Optional.empty();
        }
        for (int i = 0; i < found.size(); i++) {
            ArchiveImages.Image image = found.get(i);
            if (image.refNames().contains(name) || reference.filter(image.names()::contains).isPresent()) {
                return images.get(i);
            }
        }
        throw new NotFoundException("no image named " + name + " in " + file.name() + names());
    }

    private String names() {
        List<String> names = new ArrayList<>();
        for (ArchiveImages.Image image : found) {
            image.names().forEach(n -> names.add(n.familiar()));
            image.refNames().stream().filter(r -> !names.contains(r)).forEach(names::add);
        }
        return names.isEmpty() ? "" : " (it has: " + String.join(", ", names) + ")";
    }

    @Override
    public Optional<String> entryOf(Digest blob) {
        return content.entryOf(blob);
    }

    @Override
    public void close() {
        file.close();
    }
}
