package dev.stowage.core.model;

/**
 * A platform specifier given by a user (such as {@code --platform linux/arm64}) that cannot be
 * parsed. A bad platform inside a document is an {@link InvalidManifestException} instead.
 */
public class InvalidPlatformException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPlatformException(String message) {
        super(message);
    }
}
