package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DirectorySyncsTest {
    private static final Path DIR = Path.of("blobs", "sha256");

    @Test
    void aLoneCallFlushesTheDirectory() throws IOException {
        List<Path> flushed = new ArrayList<>();
        new DirectorySyncs(flushed::add).sync(DIR);
        assertEquals(List.of(DIR), flushed);
    }

    @Test
    void callsMadeWhileAFlushRunsShareOneFlushThatBeginsAfterIt() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        DirectorySyncs syncs = new DirectorySyncs(dir -> {
            if (flushes.incrementAndGet() == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
        });
        Thread first = start(syncs);
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        List<Thread> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(start(syncs));
        }
        for (Thread t : later) {
            waitUntilWaiting(t); // each has asked, after the first flush began
        }
        releaseFirst.countDown();
        first.join(10_000);
        for (Thread t : later) {
            t.join(10_000);
        }
        assertEquals(2, flushes.get(), "the first flush, and one for the five that came while it ran");
    }

    @Test
    void aFailedFlushFailsItsCallerAndTheNextCallFlushesAgain() throws IOException {
        AtomicInteger flushes = new AtomicInteger();
        DirectorySyncs syncs = new DirectorySyncs(dir -> {
            if (flushes.incrementAndGet() == 1) {
                throw new IOException("disk gone");
            }
        });
        assertThrows(IOException.class, () -> syncs.sync(DIR));
        syncs.sync(DIR);
        assertEquals(2, flushes.get());
    }

    private static Thread start(DirectorySyncs syncs) {
        Thread t = new Thread(() -> {
            try {
                syncs.sync(DIR);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        return t;
    }

    private static void waitUntilWaiting(Thread t) throws InterruptedException {
        for (int i = 0; i < 10_000 && t.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.WAITING, t.getState());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
