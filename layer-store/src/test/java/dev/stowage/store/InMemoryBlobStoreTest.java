package dev.stowage.store;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.ImageStore;
import java.time.Instant;

class InMemoryBlobStoreTest extends BlobStoreContract {
    private final InMemoryImageStore store = new InMemoryImageStore();

    @Override
    ImageStore store() {
        return store;
    }

    @Override
    void makeIngestStale(Digest d) {
        store.touchIngest(d, Instant.now().minusSeconds(2 * 3600));
    }
}
