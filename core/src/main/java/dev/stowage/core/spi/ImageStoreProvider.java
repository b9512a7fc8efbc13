package dev.stowage.core.spi;

import dev.stowage.core.InvalidStoreException;
import java.nio.file.Path;

/**
 * Opens the on-disk {@link ImageStore} implementation, found with {@link java.util.ServiceLoader}
 * so that {@code core} never depends on a store module: {@code stowage-layer-store} registers
 * one in {@code META-INF/services/dev.stowage.core.spi.ImageStoreProvider}.
 * {@code ImageManager.openDefault()} uses it; applications that choose their store pass it to
 * {@code ImageManager.builder().store(…)} instead.
 */
public interface ImageStoreProvider {
    /**
     * Opens the store kept in {@code directory}, creating a new, empty one if the directory does
     * not exist or is empty.
     *
     * @throws InvalidStoreException if the directory cannot be used as a store
     */
    ImageStore open(Path directory);
}
