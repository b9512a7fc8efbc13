package dev.stowage.core;

/**
 * The registry needs credentials, or rejected the ones presented; {@link #registry()} names it.
 * The message describes the refusal; what to do about it (the command line suggests
 * {@code stowage login <host>}) is the application's to say.
 */
public class UnauthorizedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message, String registry, int statusCode, String errorCode) {
        super(message, registry, statusCode, errorCode);
    }
}
