package dev.stowage.core;

/**
 * Root of every operational failure Stowage reports: a registry refusing a request, missing
 * credentials, content that does not match its digest, a store that cannot be written.
 *
 * <p>Bad input (a malformed reference, digest or manifest) is reported with the
 * {@code Invalid*Exception} types, which extend {@link IllegalArgumentException} instead.
 * Messages say what to do next and never contain a credential.
 */
public class StowageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StowageException(String message) {
        super(message);
    }

    public StowageException(String message, Throwable cause) {
        super(message, cause);
    }
}
