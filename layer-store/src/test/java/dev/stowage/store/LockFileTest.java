package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {
    @TempDir
    Path dir;

    @Test
    void closingAHoldAgainKeepsTheOtherHoldsOfTheSameThread() {
        LockFile locks = LockFile.of(dir.resolve("lock"));
        try (LockFile.Held outer = locks.lock(3)) {
            LockFile.Held inner = locks.lock(3);
            inner.close();
            inner.close();
            assertNull(CompletableFuture.supplyAsync(() -> locks.tryLock(3)).join(), "the outer hold still locks the region");
        }
    }

    @Test
    void closingAHoldAgainDoesNotReleaseTheLockAnotherThreadTookSince() {
        LockFile locks = LockFile.of(dir.resolve("lock"));
        LockFile.Held first = locks.lock(5);
        first.close();
        LockFile.Held other = CompletableFuture.supplyAsync(() -> locks.lock(5)).join();
        try {
            first.close();
            assertNull(locks.tryLock(5), "the other thread's lock must survive");
        } finally {
            other.close();
        }
        LockFile.Held free = locks.tryLock(5);
        assertNotNull(free);
        free.close();
    }
}
