package dev.stowage.core;

import java.util.Optional;

/**
 * What was asked for does not exist: an image or blob in the store ({@link ImageNotFoundException},
 * {@link BlobNotFoundException}), or a manifest, blob or repository on a registry. For a registry's
 * answer, {@link #registry()} names it and {@link #errorCode()} tells which kind was missing
 * ({@code MANIFEST_UNKNOWN}, {@code BLOB_UNKNOWN}, {@code NAME_UNKNOWN}) when the registry said.
 *
 * <pre>{@code
 * try {
 *     images.pull("registry.example.com/team/app:7").call();
 * } catch (NotFoundException e) {
 *     // no such tag (or repository) on the registry
 * }
 * }</pre>
 */
public class NotFoundException extends StowageException {
    private static final long serialVersionUID = 1L;

    private final String registry;
    private final int statusCode;
    private final String errorCode;

    /** Something local (in the store) does not exist. */
    public NotFoundException(String message) {
        this(message, null, -1, null);
    }

    /**
     * A registry answered that it has no such thing.
     *
     * @param registry the registry host, e.g. {@code registry.example.com:5000}
     * @param statusCode the HTTP status (404), or -1 when it was learnt another way
     * @param errorCode the distribution-spec error code, or null
     */
    public NotFoundException(String message, String registry, int statusCode, String errorCode) {
        super(message);
        this.registry = registry;
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    /** The registry that answered; empty when what is missing is local. */
    public Optional<String> registry() {
        return Optional.ofNullable(registry);
    }

    /** The HTTP status, or -1 when there was no registry answer. */
    public int statusCode() {
        return statusCode;
    }

    /** The registry's error code, e.g. {@code MANIFEST_UNKNOWN}. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }
}
