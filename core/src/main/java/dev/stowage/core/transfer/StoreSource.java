package dev.stowage.core.transfer;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageSource;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An image in the local store. Everything it reads is protected by a lease until it is closed,
 * so a prune running meanwhile cannot take a blob a push is sending.
 */
public final class StoreSource implements ImageSource {
    private final ImageStore store;
    private final Digest image;
    private final String name;
    private final Lease lease;

    /**
     * @param image the image, as the store resolved it
     * @param name how messages name it
     */
    public StoreSource(ImageStore store, ImageRecord image, String name) {
        this(store, Objects.requireNonNull(image, "image").digest(), name);
    }

    /**
     * A manifest or index the store holds, named or not (an image being built is written before
     * it gets a name).
     *
     * @param manifest its digest
     * @param name how messages name it
     */
    public StoreSource(ImageStore store, Digest manifest, String name) {
        this.store = Objects.requireNonNull(store, "store");
        this.image = Objects.requireNonNull(manifest, "manifest");
        this.name = Objects.requireNonNull(name, "name");
        this.lease = store.lease();
        lease.protect(manifest);
    }

    @Override
    public String description() {
        return name;
    }

    @Override
    public Digest resolve() {
        return image;
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        lease.protect(digest);
        return store.manifest(digest);
    }

    @Override
    public boolean hasManifest(Digest digest) {
        lease.protect(digest);
        return store.hasBlob(digest);
    }

    /** The store checks every blob against its digest as it is read. */
    @Override
    public boolean verifiesBlobs() {
        return true;
    }

    @Override
    public InputStream openBlob(Descriptor blob, long offset) throws IOException {
        lease.protect(blob.digest());
        InputStream in = store.openBlob(blob.digest());
        try {
            in.skipNBytes(offset);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }

    @Override
    public void close() {
        lease.close();
    }
}
