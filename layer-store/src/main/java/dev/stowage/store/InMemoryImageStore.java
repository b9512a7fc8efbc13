package dev.stowage.store;

import java.time.Clock;
import java.util.Objects;

/**
 * An image store held in memory, with the same behaviour as {@link FileImageStore}: verified
 * blobs, tags, docker {@code rmi} rules, leases, collection, disk usage and verification. For
 * tests and short-lived tools; nothing survives the object.
 *
 * <pre>{@code
 * try (ImageManager images = ImageManager.builder().store(InMemoryImageStore.create()).build()) { … }
 * }</pre>
 */
public final class InMemoryImageStore extends StoreEngine {
    private volatile LayoutIndex index = LayoutIndex.empty();
    private volatile StoreMetadata metadata = StoreMetadata.empty();

    /** As {@link #create()}. */
    public InMemoryImageStore() {
        this(StoreLock.inMemory(), Clock.systemUTC());
    }

    /** A new, empty store; the counterpart of {@link FileImageStore#open}. */
    public static InMemoryImageStore create() {
        return new InMemoryImageStore();
    }

    /**
     * A new, empty store whose facts (when an image was stored, tagged, used) are read from
     * {@code clock}: for tests of what depends on them, such as an image's age.
     */
    public static InMemoryImageStore create(Clock clock) {
        return new InMemoryImageStore(StoreLock.inMemory(), Objects.requireNonNull(clock, "clock"));
    }

    private InMemoryImageStore(StoreLock lock, Clock clock) {
        super(new MemoryBlobStorage(), new MemoryLeases(lock), lock, clock);
    }

    /** Test hook: sets when a partial ingest was last written. */
    void touchIngest(dev.stowage.core.model.Digest digest, java.time.Instant touched) {
        ((MemoryBlobStorage) blobs).touchIngest(digest, touched);
    }

    /** Test hook: overwrites a stored blob with other bytes, bypassing verification. */
    void corruptBlob(dev.stowage.core.model.Digest digest, byte[] content) {
        ((MemoryBlobStorage) blobs).corrupt(digest, content);
    }

    @Override
    LayoutIndex readIndex() {
        return index;
    }

    @Override
    void writeIndex(LayoutIndex index) {
        this.index = index;
    }

    @Override
    StoreMetadata readMetadata() {
        return metadata;
    }

    @Override
    boolean metadataUnreadable() {
        return false;
    }

    @Override
    void writeMetadata(StoreMetadata metadata) {
        this.metadata = metadata;
    }

    @Override
    int removeTemporaries() {
        return 0;
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String toString() {
        return "InMemoryImageStore";
    }
}
