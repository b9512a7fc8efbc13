package dev.stowage.store;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.ImageDestination;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Writes an image into an OCI layout directory: blobs verified before they appear, the image's
 * entry in {@code index.json} last, replacing an entry of the same name as skopeo does.
 */
final class OciLayoutDestination implements ImageDestination {
    private final OciLayoutDirectory layout;
    private final String name;

    /** @param name the {@code ref.name} to give the image, or null for none */
    OciLayoutDestination(OciLayoutDirectory layout, String name) {
        this.layout = layout;
        this.name = name;
    }

    @Override
    public String description() {
        return "oci:" + layout.root() + (name == null ? "" : ":" + name);
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return layout.hasBlob(blob.digest(), blob.size());
    }

    @Override
    public PutResult putBlob(Descriptor blob, BlobContent content, Optional<BlobLocation> mountFrom) {
        try (InputStream in = content.open(0)) {
            layout.writeBlob(blob.digest(), blob.size(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + blob.digest() + ": " + e.getMessage(), e);
        }
        return PutResult.WRITTEN;
    }

    @Override
    public void putManifest(ManifestDocument manifest) {
        if (!layout.hasBlob(manifest.digest(), manifest.size())) {
            layout.writeBlob(manifest.digest(), manifest.size(), new ByteArrayInputStream(manifest.raw()));
        }
    }

    @Override
    public void commit(ManifestDocument top) {
        putManifest(top);
        LayoutIndex index = layout.index();
        LayoutIndex.Entry entry = LayoutIndex.Entry.of(top.digest(), top.mediaType(), top.size(), name);
        if (name != null) {
            index = index.without(e -> e.refName().filter(name::equals).isPresent());
        } else if (index.entries().stream().anyMatch(e -> e.digest().equals(top.digest()) && e.refName().isEmpty())) {
            return; // already there without a name
        }
        layout.writeIndex(index.plus(entry));
    }
}
