package dev.stowage.archive;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.spi.ImageSource;
import java.io.IOException;
import java.io.InputStream;

/** An image of an archive opened for it alone ({@code docker-archive:FILE:REF} as a copy's source): closing it closes the archive. */
final class OwningSource implements ImageSource {
    private final ImageSource image;
    private final ArchiveReader archive;

    OwningSource(ImageSource image, ArchiveReader archive) {
        this.image = image;
        this.archive = archive;
    }

    @Override
    public String description() {
        return image.description();
    }

    @Override
    public Digest resolve() {
        return image.resolve();
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        return image.manifest(digest);
    }

    @Override
    public boolean hasManifest(Digest digest) {
        return image.hasManifest(digest);
    }

    @Override
    public InputStream openBlob(Descriptor blob, long offset) throws IOException {
        return image.openBlob(blob, offset);
    }

    @Override
    public void close() {
        archive.close();
    }
}
