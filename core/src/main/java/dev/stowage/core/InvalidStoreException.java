package dev.stowage.core;


/**
 * A directory that cannot be used as a store: not an OCI image layout, a layout version newer
 * than this version of Stowage understands, an unreadable {@code index.json}, or a layout whose
 * own files or directories are symbolic links (a store never follows one out of its directory).
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
