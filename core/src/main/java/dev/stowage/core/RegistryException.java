package dev.stowage.core;

import java.util.Optional;

/**
 * A registry refused or failed a request. Subclasses name the common causes; this class covers
 * the rest and carries the HTTP status and the registry's error code, when there were any.
 */
public class RegistryException extends StowageException {
    private static final long serialVersionUID = 1L;

    private final String registry;
    private final int statusCode;
    private final String errorCode;

    /**
     * @param registry the registry host, e.g. {@code registry.example.com:5000}
     * @param statusCode the HTTP status, or -1 when no response was received
     * @param errorCode the distribution-spec error code ({@code MANIFEST_UNKNOWN}, …), or null
     */
    public RegistryException(String message, String registry, int statusCode, String errorCode, Throwable cause) {
        super(message, cause);
        this.registry = registry;
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    public RegistryException(String message, String registry, int statusCode, String errorCode) {
        this(message, registry, statusCode, errorCode, null);
    }

    public String registry() {
        return registry;
    }

    /** The HTTP status, or -1 when no response was received. */
    public int statusCode() {
        return statusCode;
    }

    /** The registry's error code, e.g. {@code BLOB_UNKNOWN}. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }
}
