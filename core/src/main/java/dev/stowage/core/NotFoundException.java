package dev.stowage.core;

/**
 * The registry has no such manifest, blob or repository. {@link #errorCode()} tells which
 * ({@code MANIFEST_UNKNOWN}, {@code BLOB_UNKNOWN}, {@code NAME_UNKNOWN}) when the registry said.
 */
public class NotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message, String registry, int statusCode, String errorCode) {
        super(message, registry, statusCode, errorCode);
    }
}
