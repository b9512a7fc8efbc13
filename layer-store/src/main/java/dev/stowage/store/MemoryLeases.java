package dev.stowage.store;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.Lease;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** Leases of an in-memory store: alive exactly while open. */
final class MemoryLeases implements LeaseRegistry {
    private final StoreLock storeLock;
    private final Set<MemoryLease> open = new CopyOnWriteArraySet<>();

    MemoryLeases(StoreLock storeLock) {
        this.storeLock = storeLock;
    }

    @Override
    public Lease open() {
        MemoryLease l = new MemoryLease();
        open.add(l);
        return l;
    }

    @Override
    public void written(Digest digest) {
        open.forEach(l -> l.digests.add(digest));
    }

    @Override
    public Set<Digest> live() {
        Set<Digest> all = new HashSet<>();
        open.forEach(l -> all.addAll(l.digests));
        return all;
    }

    @Override
    public int removeDead() {
        return 0; // a lease of this store object ends when it is closed, or with the JVM
    }

    private final class MemoryLease implements Lease {
        final Set<Digest> digests = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        @Override
        public void protect(Digest digest) {
            if (closed) {
                throw new IllegalStateException("lease is closed");
            }
            storeLock.run(() -> digests.add(digest));
        }

        @Override
        public void close() {
            closed = true;
            open.remove(this);
        }
    }
}
