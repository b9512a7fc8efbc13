package dev.stowage.core;


/**
 * An image operation that is ambiguous or needs to be forced, as docker refuses it: an ID prefix
 * matching several images, or deleting by ID an image tagged in several repositories.
 */
public class ImageConflictException extends StowageException {
    private static final long serialVersionUID = 1L;

    public ImageConflictException(String message) {
        super(message);
    }
}
