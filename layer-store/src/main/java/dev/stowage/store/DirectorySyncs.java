package dev.stowage.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code fsync}s of directories shared between the threads that renamed into them: a thread that
 * needs its rename durable waits for a sync that started after the rename, its own or another
 * thread's, rather than queueing one more behind it. Parallel transfers of small blobs each
 * renamed into {@code blobs/sha256/} and synced it; those syncs (a journal commit each) took a
 * third as long as the blobs' own. What is durable when a caller returns is unchanged: every
 * rename it made before calling.
 */
final class DirectorySyncs {
    /** One directory's syncs: how many were asked for, how many a finished sync covers. */
    private static final class Generations {
        long requested;
        long covered;
        boolean running;
    }

    /** How a directory is flushed: {@link AtomicFiles#syncDirectory} but in tests. */
    interface Flush {
        void flush(Path dir) throws IOException;
    }

    private final Flush flush;
    private final Map<Path, Generations> directories = new HashMap<>();

    DirectorySyncs() {
        this(AtomicFiles::syncDirectory);
    }

    DirectorySyncs(Flush flush) {
        this.flush = flush;
    }

    /** Returns once a sync of {@code dir} that began after this call has finished. */
    void sync(Path dir) throws IOException {
        Generations g;
        long mine;
        synchronized (this) {
            g = directories.computeIfAbsent(dir, d -> new Generations());
            mine = ++g.requested;
        }
        while (true) {
            long target;
            synchronized (this) {
                while (g.running && g.covered < mine) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting to flush " + dir);
                    }
                }
                if (g.covered >= mine) {
                    return;
                }
                g.running = true;
                target = g.requested; // every rename asked for so far happened before this sync starts
            }
            boolean done = false;
            try {
                flush.flush(dir);
                done = true;
            } finally {
                synchronized (this) {
                    g.running = false;
                    if (done) {
                        g.covered = Math.max(g.covered, target);
                    }
                    notifyAll();
                }
            }
        }
    }
}
