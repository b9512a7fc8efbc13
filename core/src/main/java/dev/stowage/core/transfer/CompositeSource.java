package dev.stowage.core.transfer;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One image whose blobs are in two places: an image built on a base that stays in its registry
 * has its manifest, config and new layers in the store and its base layers in the base's
 * repository. The reference, the manifests and every blob but those {@code fromSecondary} picks
 * come from the primary source; the others from the secondary, whose repository the copier then
 * mounts them from (on the same registry) or streams them out of, once.
 *
 * <pre>{@code
 * ImageSource built = new CompositeSource(new StoreSource(store, manifest, "app:1"),
 *         new RegistrySource(registry, base, listener), baseLayers::contains);
 * copier.copy("registry.example.com/team/app:1", built, destination, PlatformChoice.all());
 * }</pre>
 */
public final class CompositeSource implements ImageSource {
    private final ImageSource primary;
    private final ImageSource secondary;
    private final Predicate<Digest> fromSecondary;

    /**
     * @param primary the image: its reference, manifests and the blobs not picked
     * @param secondary where the picked blobs are read
     * @param fromSecondary which blobs come from {@code secondary}
     */
    public CompositeSource(ImageSource primary, ImageSource secondary, Predicate<Digest> fromSecondary) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.secondary = Objects.requireNonNull(secondary, "secondary");
        this.fromSecondary = Objects.requireNonNull(fromSecondary, "fromSecondary");
    }

    @Override
    public String description() {
        return primary.description();
    }

    @Override
    public Digest resolve() {
        return primary.resolve();
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        return primary.manifest(digest);
    }

    @Override
    public boolean hasManifest(Digest digest) {
        return primary.hasManifest(digest);
    }

    @Override
    public InputStream openBlob(Descriptor blob, long offset) throws IOException {
        return sourceOf(blob.digest()).openBlob(blob, offset);
    }

    /** The primary's location: only a blob's own location is known to hold it. */
    @Override
    public Optional<BlobLocation> location() {
        return primary.location();
    }

    @Override
    public Optional<BlobLocation> location(Digest blob) {
        return sourceOf(blob).location(blob);
    }

    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            secondary.close();
        }
    }

    private ImageSource sourceOf(Digest blob) {
        return fromSecondary.test(blob) ? secondary : primary;
    }
}
