package dev.stowage.core.transfer;

import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The first of several sources that has the image, as containers/image reads a pull's mirrors:
 * each is asked in turn to resolve the reference (a mirror that is unreachable, refuses or lacks
 * the image is passed over), and the one that answers serves the whole copy, manifests and blobs.
 * When none answers, the last one's failure is thrown (the registry itself comes last), the
 * others' attached as suppressed.
 *
 * <pre>{@code
 * FallbackSource<RegistrySource> pull = new FallbackSource<>(List.of(mirror, registry));
 * Digest digest = pull.resolve();   // the mirror's if it has the image
 * pull.chosen();                    // which source answered
 * }</pre>
 */
public final class FallbackSource<S extends ImageSource> implements ImageSource {
    private final List<S> candidates;
    private S chosen;

    /** @param candidates the sources to try, in order */
    public FallbackSource(List<S> candidates) {
        this.candidates = List.copyOf(candidates);
        if (this.candidates.isEmpty()) {
            throw new IllegalArgumentException("a fallback source needs at least one source");
        }
    }

    @Override
    public String description() {
        return chosen != null ? chosen.description() : candidates.get(candidates.size() - 1).description();
    }

    @Override
    public synchronized Digest resolve() {
        List<StowageException> failures = new ArrayList<>();
        for (S candidate : candidates) {
            try {
                Digest digest = candidate.resolve();
                chosen = candidate;
                return digest;
            } catch (StowageException e) {
                failures.add(e);
            }
        }
        StowageException last = failures.remove(failures.size() - 1);
        failures.forEach(last::addSuppressed);
        throw last;
    }

    /** The source that resolved the reference; empty before {@link #resolve()} succeeded. */
    public synchronized Optional<S> chosen() {
        return Optional.ofNullable(chosen);
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        return source().manifest(digest);
    }

    @Override
    public boolean hasManifest(Digest digest) {
        return source().hasManifest(digest);
    }

    @Override
    public InputStream openBlob(Descriptor blob, long offset) throws IOException {
        return source().openBlob(blob, offset);
    }

    @Override
    public Optional<BlobLocation> location() {
        return source().location();
    }

    @Override
    public void close() {
        candidates.forEach(ImageSource::close);
    }

    private synchronized S source() {
        return Objects.requireNonNull(chosen, "resolve() first: no source was chosen yet");
    }
}
