package dev.stowage.store;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.Lease;
import java.util.Set;

/** The leases of a store: those this store object opened, and a view of every live one. */
interface LeaseRegistry {
    /** Opens a lease; its {@link Lease#protect} must run under the store lock (the registry is given it). */
    Lease open();

    /** Records a blob just made visible in every lease this store object has open. Runs under the store lock. */
    void written(Digest digest);

    /**
     * The digests protected by every live lease of every process, ignoring leases whose owner is
     * gone. Runs under the store lock.
     */
    Set<Digest> live();

    /** Forgets the leases of processes that ended without closing them; returns how many. Runs under the store lock. */
    int removeDead();
}
