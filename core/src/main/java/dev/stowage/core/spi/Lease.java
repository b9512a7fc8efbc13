package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;

/**
 * Protects content from garbage collection while an operation is in progress, across threads and
 * processes sharing the store. Every blob and manifest the store writes while a lease is open is
 * protected by it until it is closed; content that already exists is protected with
 * {@link #protect(Digest)}. A lease of a process that died is ignored.
 *
 * <pre>{@code
 * try (Lease lease = store.lease()) {
 *     lease.protect(layerAlreadyStored);      // protect first, then rely on it being present
 *     store.putBlob(config, size, in);        // protected because it is written under the lease
 *     store.tag(store.putManifest(raw, type), ref);
 * }
 * }</pre>
 */
public interface Lease extends AutoCloseable {
    /** Protects {@code digest} (a blob or manifest) until this lease is closed, whether or not it is stored yet. */
    void protect(Digest digest);

    /** Ends the protection. Closing twice does nothing. */
    @Override
    void close();
}
