package dev.stowage.core;

import dev.stowage.core.model.Platform;
import java.util.List;

/**
 * A platform was asked for ({@code pull --platform}) and the image is a single-platform image of
 * another one: refused as docker refuses it, in docker's words, before any layer is fetched.
 * {@link #available()} is the one platform the image has.
 */
public class PlatformMismatchException extends PlatformNotFoundException {
    private static final long serialVersionUID = 1L;

    public PlatformMismatchException(String image, Platform wanted, Platform actual) {
        super(wanted, List.of(actual), "image with reference " + image + " was found but does not match the specified"
                + " platform: wanted " + wanted + ", actual: " + actual);
    }
}
