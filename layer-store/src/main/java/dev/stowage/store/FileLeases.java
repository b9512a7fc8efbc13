package dev.stowage.store;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Leases as files {@code stowage/leases/<id>}, one protected digest per line, appended. A lease is
 * alive while its owner holds its region of the lock file; the operating system drops that lock
 * when the owner dies, however it dies, so a crashed process's lease is recognised as dead without
 * trusting process IDs or clocks. Lines are not {@code fsync}ed: other processes read them from
 * the page cache, and a power cut ends every lease anyway.
 */
final class FileLeases implements LeaseRegistry {
    /** The names lease files get: a lease id, 0 to 2^40 - 1, in decimal. */
    private static final Pattern LEASE_NAME = Pattern.compile("[0-9]{1,13}");

    private final Path dir;
    private final LockFile locks;
    private final StoreLock storeLock;
    private final Set<FileLease> open = new CopyOnWriteArraySet<>();
    private final SecureRandom random = new SecureRandom();

    FileLeases(Path dir, LockFile locks, StoreLock storeLock) {
        this.dir = dir;
        this.locks = locks;
        this.storeLock = storeLock;
    }

    @Override
    public Lease open() {
        long id = random.nextLong() & ((1L << 40) - 1);
        LockFile.Held held = locks.tryLock(LockRegions.lease(id));
        if (held == null) {
            return open(); // that id is in use; 2^40 ids make a second collision negligible
        }
        Path file = dir.resolve(Long.toString(id));
        try {
            ConfinedFiles.createDirectory(dir);
            ConfinedFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            held.close();
            throw ConfinedFiles.failure("cannot create lease file " + file, e);
        }
        FileLease lease = new FileLease(file, held);
        open.add(lease);
        return lease;
    }

    @Override
    public void written(Digest digest) {
        for (FileLease l : open) {
            l.append(digest);
        }
    }

    @Override
    public Set<Digest> live() {
        Set<Digest> all = new HashSet<>();
        for (Path f : leaseFiles()) {
            if (isDead(f)) {
                continue; // left for removeDead, which counts what it forgets
            }
            try {
                String lines = new String(ConfinedFiles.readAllBytes(f), StandardCharsets.US_ASCII);
                for (String line : lines.split("\n")) {
                    try {
                        all.add(Digest.parse(line.strip()));
                    } catch (IllegalArgumentException tornLine) {
                        // the owner was interrupted mid-append; the blob is re-recorded on retry
                    }
                }
            } catch (NoSuchFileException closedMeanwhile) {
                // the lease ended while we looked
            } catch (IOException e) {
                throw ConfinedFiles.failure("cannot read lease " + f, e);
            }
        }
        return all;
    }

    @Override
    public int removeDead() {
        int removed = 0;
        for (Path f : leaseFiles()) {
            if (removeIfDead(f)) {
                removed++;
            }
        }
        return removed;
    }

    /** The lease files this store made, named by their id; other names are neither read nor deleted. */
    private List<Path> leaseFiles() {
        List<Path> files = new ArrayList<>();
        if (!ConfinedFiles.exists(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = ConfinedFiles.list(dir)) {
            for (Path f : ds) {
                if (LEASE_NAME.matcher(f.getFileName().toString()).matches() && ConfinedFiles.isRegularFile(f)) {
                    files.add(f);
                }
            }
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot read leases in " + dir, e);
        }
        return files;
    }

    /** Whether no process holds the lease's lock: its owner is gone. */
    private boolean isDead(Path f) {
        LockFile.Held probe = locks.tryLock(LockRegions.lease(Long.parseLong(f.getFileName().toString())));
        if (probe == null) {
            return false;
        }
        probe.close();
        return true;
    }

    /** Deletes the lease file if no process holds its lock (its owner is gone); returns whether it did. */
    private boolean removeIfDead(Path f) {
        LockFile.Held probe = locks.tryLock(LockRegions.lease(Long.parseLong(f.getFileName().toString())));
        if (probe == null) {
            return false;
        }
        try {
            return ConfinedFiles.delete(f);
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot remove the dead lease " + f, e);
        } finally {
            probe.close();
        }
    }

    private final class FileLease implements Lease {
        private final Path file;
        private final LockFile.Held held;
        private final Set<Digest> recorded = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        FileLease(Path file, LockFile.Held held) {
            this.file = file;
            this.held = held;
        }

        @Override
        public void protect(Digest digest) {
            if (closed) {
                throw new IllegalStateException("lease is closed");
            }
            storeLock.run(() -> append(digest));
        }

        void append(Digest digest) {
            if (!recorded.add(digest)) {
                return;
            }
            try (FileChannel ch = ConfinedFiles.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap((digest + "\n").getBytes(StandardCharsets.US_ASCII));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (IOException e) {
                recorded.remove(digest);
                if (closed) {
                    // closed by its owner meanwhile (written() runs for every open lease of this
                    // process, and closing takes no store lock): nothing is left for it to protect
                    return;
                }
                throw new UncheckedIOException("cannot record " + digest + " in lease " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            try {
                ConfinedFiles.delete(file);
            } catch (IOException e) {
                // a leftover file of a released lease is recognised as dead and removed by the next collection
            } finally {
                held.close();
            }
        }
    }
}
