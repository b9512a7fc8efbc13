package dev.stowage.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's writer lock: held while {@code index.json}, metadata, leases or the set of blobs
 * change, and by a collection for its whole mark and sweep. Reentrant within a thread.
 */
abstract class StoreLock {
    /** Work done under the lock. */
    interface IoWork<T> {
        T call() throws IOException;
    }

    abstract <T> T call(IoWork<T> work);

    final void run(BlobStorage.IoAction action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e.getMessage(), e);
    }

    /** Locks against other threads and other processes through region 0 of the lock file. */
    static StoreLock onFile(LockFile file) {
        return new StoreLock() {
            @Override
            <T> T call(IoWork<T> work) {
                try (LockFile.Held held = file.lock(LockRegions.STORE)) {
                    return work.call();
                } catch (IOException e) {
                    throw unchecked(e);
                }
            }
        };
    }

    /** Locks against other threads only. */
    static StoreLock inMemory() {
        ReentrantLock lock = new ReentrantLock();
        return new StoreLock() {
            @Override
            <T> T call(IoWork<T> work) {
                lock.lock();
                try {
                    return work.call();
                } catch (IOException e) {
                    throw unchecked(e);
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}
