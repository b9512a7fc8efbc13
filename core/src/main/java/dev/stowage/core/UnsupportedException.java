package dev.stowage.core;

/**
 * The registry does not offer what was asked (an endpoint, an operation), or sent content Stowage
 * does not accept, such as a Docker schema 1 manifest.
 */
public class UnsupportedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public UnsupportedException(String message, String registry, int statusCode, String errorCode) {
        super(message, registry, statusCode, errorCode);
    }
}
