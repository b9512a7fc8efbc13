package dev.stowage.archive;

import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.spi.ImageSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * One image of an open archive, as the copier reads it: its manifest (or index) and the blobs,
 * each streamed from where its entry lies in the tar. The archive is closed by its reader, not here.
 */
final class ArchiveImageSource implements ImageSource {
    private final ArchiveContent content;
    private final Digest top;
    private final String description;

    ArchiveImageSource(ArchiveContent content, Digest top, String description) {
        this.content = content;
        this.top = top;
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Digest resolve() {
        return top;
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        return content.manifest(digest);
    }

    @Override
    public boolean hasManifest(Digest digest) {
        return content.hasManifest(digest);
    }

    /**
     * The blob's entry, from {@code offset}. An entry whose length is not the descriptor's is
     * refused before a byte is read: the archive's size lies.
     */
    @Override
    public InputStream openBlob(Descriptor blob, long offset) throws IOException {
        TarIndex.Entry entry = content.blob(blob.digest()).orElseThrow(() -> new NotFoundException(
                content.file().name() + ": the archive lacks blob " + blob.digest() + " ("
                        + ArchiveContent.blobPath(blob.digest()) + ")"));
        if (entry.size() != blob.size()) {
            throw new InvalidArchiveException(content.file().name() + ": entry " + entry.name() + " is " + entry.size()
                    + " bytes, but its descriptor says blob " + blob.digest() + " is " + blob.size());
        }
        InputStream in = content.file().open(entry);
        in.skipNBytes(offset);
        return in;
    }
}
