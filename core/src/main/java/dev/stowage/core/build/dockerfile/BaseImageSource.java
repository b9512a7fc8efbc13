package dev.stowage.core.build.dockerfile;

import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;

/**
 * Makes the images a Dockerfile names ({@code FROM}, {@code COPY --from}) available in the store
 * the build writes into, before the build starts. {@link dev.stowage.core.ImageManager} supplies
 * one that pulls what the store lacks; without one, the images must be stored already.
 */
@FunctionalInterface
public interface BaseImageSource {
    /** Uses what the store holds; a missing image fails the build, naming it. */
    BaseImageSource STORE_ONLY = (reference, platform) -> {
    };

    /**
     * Makes sure the store holds {@code reference} (a tag is given: {@code latest} when the
     * Dockerfile named none) for {@code platform}, e.g. by pulling it.
     */
    void provide(ImageReference reference, Platform platform);
}
