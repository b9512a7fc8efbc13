package dev.stowage.store;

/**
 * Which byte of the store's lock file stands for which lock. Distinct ranges keep the store
 * lock, ingests and leases apart; two ingest names sharing a region only serialise each other.
 */
final class LockRegions {
    static final long STORE = 0;
    private static final long LEASES = 1L << 33;

    private LockRegions() {
    }

    static long ingest(String fileName) {
        return 1 + (fileName.hashCode() & 0xFFFF_FFFFL);
    }

    static long lease(long id) {
        return LEASES + id;
    }
}
