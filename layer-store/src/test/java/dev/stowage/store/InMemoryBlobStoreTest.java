package dev.stowage.store;

import dev.stowage.core.spi.ImageStore;

class InMemoryBlobStoreTest extends BlobStoreContract {
    private final InMemoryImageStore store = new InMemoryImageStore();

    @Override
    ImageStore store() {
        return store;
    }
}
