package dev.stowage.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A failure of the content an upload reads (a store's blob that fails its digest check or is not
 * there, another registry's stream in a copy), carried through the HTTP client's body publisher.
 * The transport reports it as itself, and never retries it: it says nothing about the registry.
 */
final class ContentFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient RuntimeException original;

    private ContentFailure(RuntimeException original) {
        super(original.getMessage(), original);
        this.original = original;
    }

    /** Wraps what reading the content threw. */
    static ContentFailure of(Exception e) {
        if (e instanceof ContentFailure f) {
            return f;
        }
        return new ContentFailure(e instanceof RuntimeException r ? r
                : new UncheckedIOException("cannot read the blob being uploaded: " + e.getMessage(), (IOException) e));
    }

    /** The content's failure behind {@code t}, if that is what it is. */
    static Optional<RuntimeException> in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ContentFailure f) {
                return Optional.of(f.original);
            }
        }
        return Optional.empty();
    }
}
