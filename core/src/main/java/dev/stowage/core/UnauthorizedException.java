package dev.stowage.core;

/**
 * The registry needs credentials, or rejected the ones presented. The message names the
 * {@code stowage login <host>} command that fixes it.
 */
public class UnauthorizedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message, String registry, int statusCode, String errorCode) {
        super(message, registry, statusCode, errorCode);
    }
}
