package dev.stowage.core;

/**
 * An archive that cannot be loaded: not an image archive, malformed or truncated, breaking a
 * limit of {@link ArchiveLimits} (an entry leaving the archive, a decompression bomb), or lying
 * about its content. The message names the archive and the entry. Nothing of a load that fails
 * with it stays in the store.
 */
public class InvalidArchiveException extends StowageException {
    private static final long serialVersionUID = 1L;

    public InvalidArchiveException(String message) {
        super(message);
    }

    public InvalidArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
