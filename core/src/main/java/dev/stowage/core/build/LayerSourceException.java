package dev.stowage.core.build;

import dev.stowage.core.StowageException;

/**
 * Content for a layer could not be read as declared: a file or directory that cannot be read, a
 * tar that is not a tar, a stream that gave more or fewer bytes than its declared size, or a file
 * type a layer cannot hold. Nothing is tagged when this is thrown.
 */
public class LayerSourceException extends StowageException {
    private static final long serialVersionUID = 1L;

    public LayerSourceException(String message) {
        super(message);
    }

    public LayerSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
