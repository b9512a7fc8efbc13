package dev.stowage.core;


/**
 * A directory that cannot be used as a store: not an OCI image layout, a layout version newer
 * than this version of Stowage understands, or an unreadable {@code index.json}.
 */
public class InvalidStoreException extends StowageException {
    private static final long serialVersionUID = 1L;

    public InvalidStoreException(String message) {
        super(message);
    }

    public InvalidStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
