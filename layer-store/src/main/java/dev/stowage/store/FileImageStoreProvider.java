package dev.stowage.store;

import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.ImageStoreProvider;
import java.nio.file.Path;

/** Makes {@link FileImageStore} the store {@code ImageManager.openDefault()} finds through {@link java.util.ServiceLoader}. */
public final class FileImageStoreProvider implements ImageStoreProvider {
    @Override
    public ImageStore open(Path directory) {
        return FileImageStore.open(directory);
    }
}
