package dev.stowage.testkit;

/** Where a test registry keeps blobs. */
public enum RegistryStorage {
    /**
     * Files in the registry's temporary directory ({@link TestRegistry#storageDir()}), deleted
     * with it: blobs of any size pass in bounded memory.
     */
    FILESYSTEM,
    /** The registry's memory (Distribution's {@code inmemory} driver, or the test JVM's heap). */
    MEMORY
}
