package dev.stowage.store;

import dev.stowage.core.model.Digest;

class InMemoryImageStoreTest extends ImageStoreContract {
    private final InMemoryImageStore store = new InMemoryImageStore();

    @Override
    StoreEngine store() {
        return store;
    }

    @Override
    void corrupt(Digest blob) {
        store.corruptBlob(blob, TestImages.random((int) store.blobSize(blob).orElseThrow(), 99));
    }
}
