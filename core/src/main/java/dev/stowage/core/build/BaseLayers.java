package dev.stowage.core.build;

/**
 * What became of the layers a build took from its base image, each counted once: how the image's
 * destination (the store, or the registry repository it was pushed to) came to hold them.
 *
 * <pre>{@code
 * BuiltImage app = ImageBuilder.from(images, "registry.example.com/base/jre:21")
 *         .addLayerFromDirectory(dir, "app")
 *         .push("registry.example.com/team/app:1");
 * app.baseLayers().mounted();       // every base layer: mounted from base/jre, not a byte moved
 * app.baseLayers().bytesCopied();   // 0
 * }</pre>
 *
 * @param fromRegistry whether the base was read from its registry (only its manifest and config)
 *     rather than from a store
 * @param existing layers the destination held already: in the store, or in the repository pushed to
 * @param mounted layers the destination registry mounted from the base's repository; no byte moved
 * @param copied layers whose bytes moved, once: fetched from the base's registry into the store, or
 *     streamed from it to the registry pushed to (or read from the store a base was taken from)
 * @param bytesCopied the bytes of those
 */
public record BaseLayers(boolean fromRegistry, int existing, int mounted, int copied, long bytesCopied) {
    /** A build without a base image. */
    public static final BaseLayers NONE = new BaseLayers(false, 0, 0, 0, 0);
}
