package dev.stowage.core;


/** No image in the store matches the given reference, digest or ID. */
public class ImageNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    public ImageNotFoundException(String what) {
        super("no such image: " + what);
    }
}
