package dev.stowage.store;

import dev.stowage.core.StowageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exclusive locks on one-byte regions of a lock file, held against other threads of this JVM and
 * against other processes. Each position is an independent lock (the store lock, one per blob
 * being ingested, one per lease), so the file is never deleted and no lock is lost to an unlink.
 *
 * <p>Why the process-wide registry: POSIX record locks belong to the process, so a second channel
 * on the same file, once closed, would silently drop every lock this JVM holds on it, and two
 * channels locking one region throw {@link OverlappingFileLockException}. Hence exactly one
 * channel per lock file per JVM, never closed, with in-JVM exclusion in front of it. File lock
 * calls run on a dedicated thread because an interrupted caller would close the shared channel.
 */
final class LockFile {
    private static final Map<Path, LockFile> OPEN = new ConcurrentHashMap<>();
    private static final ExecutorService LOCK_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stowage-file-locks");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final FileChannel channel;
    /** position → holder; guarded by {@code this}. */
    private final Map<Long, Holder> held = new HashMap<>();

    private static final class Holder {
        final Thread owner;
        int count;
        FileLock fileLock;

        Holder(Thread owner) {
            this.owner = owner;
        }
    }

    private LockFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The lock file {@code file}, created if missing; a link or anything but a regular file there is refused. */
    static LockFile of(Path file) {
        Path key;
        try {
            Files.createDirectories(file.getParent());
            key = file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            throw new StowageException("cannot create lock file " + file + ": " + e.getMessage(), e);
        }
        return OPEN.computeIfAbsent(key, k -> {
            try {
                return new LockFile(k, ConfinedFiles.open(k, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE));
            } catch (IOException e) {
                throw new StowageException("cannot open lock file " + k + ": " + e.getMessage(), e);
            }
        });
    }

    /** A held lock; closing it releases one hold. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Blocks until the region at {@code position} is held by this thread. Reentrant. */
    Held lock(long position) {
        Holder h;
        synchronized (this) {
            while (true) {
                h = held.get(position);
                if (h == null) {
                    h = new Holder(Thread.currentThread());
                    held.put(position, h);
                    break;
                }
                if (h.owner == Thread.currentThread()) {
                    h.count++;
                    return hold(position);
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StowageException("interrupted while waiting for the lock on " + file);
                }
            }
        }
        // This thread now owns the position in the JVM; wait for other processes outside the monitor.
        long sleep = 2;
        try {
            while (true) {
                FileLock fl = onLockThread(position);
                if (fl != null) {
                    synchronized (this) {
                        h.fileLock = fl;
                        h.count = 1;
                    }
                    return hold(position);
                }
                Thread.sleep(sleep);
                sleep = Math.min(50, sleep * 2);
            }
        } catch (InterruptedException | RuntimeException e) {
            synchronized (this) {
                held.remove(position);
                notifyAll();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new StowageException("interrupted while waiting for the lock on " + file);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Takes the region if nobody (in this JVM or another process) holds it; never reentrant, so
     * a region this very thread holds counts as held.
     */
    Held tryLock(long position) {
        Holder h;
        synchronized (this) {
            if (held.containsKey(position)) {
                return null;
            }
            h = new Holder(Thread.currentThread());
            held.put(position, h);
        }
        FileLock fl;
        try {
            fl = onLockThread(position);
        } catch (RuntimeException e) {
            synchronized (this) {
                held.remove(position);
                notifyAll();
            }
            throw e;
        }
        synchronized (this) {
            if (fl == null) {
                held.remove(position);
                notifyAll();
                return null;
            }
            h.fileLock = fl;
            h.count = 1;
        }
        return hold(position);
    }

    /**
     * One hold on a region. Closing it again does nothing: a second release could otherwise end
     * a hold this thread took since, or one another thread took after the first release.
     */
    private Held hold(long position) {
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                release(position);
            }
        };
    }

    private void release(long position) {
        FileLock toRelease;
        synchronized (this) {
            Holder h = held.get(position);
            if (h == null) {
                return;
            }
            if (--h.count > 0) {
                return;
            }
            toRelease = h.fileLock;
        }
        try {
            submit(() -> {
                toRelease.release();
                return null;
            });
        } finally {
            synchronized (this) {
                held.remove(position);
                notifyAll();
            }
        }
    }

    private FileLock onLockThread(long position) {
        try {
            return submit(() -> channel.tryLock(position, 1, false));
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("lock region " + position + " of " + file + " held twice in one JVM", e);
        }
    }

    private <T> T submit(java.util.concurrent.Callable<T> op) {
        Future<T> f = LOCK_THREAD.submit(op);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    // The operation must complete either way, or a lock could be taken and never released.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw new UncheckedIOException("lock file " + file + ": " + io.getMessage(), io);
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new StowageException("lock file " + file + ": " + c, c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
