package dev.stowage.store;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.PartialDownloadUsage;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.DigestingOutputStream;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Blobs as files under {@code blobs/<algorithm>/<encoded>}. Incoming content is written to
 * {@code stowage/ingest/<algorithm>-<encoded>} (named by digest, so an interrupted download
 * resumes from its length), {@code fsync}ed, verified, and only then renamed into {@code blobs/}.
 * A blob is a regular file: any other entry in its place (a link, a FIFO, a directory) is
 * {@linkplain #damaged() damaged}, not stored, and never read through (see {@link ConfinedFiles}).
 */
final class FileBlobStorage implements BlobStorage {
    private static final int BUFFER = 1 << 17;
    /** The names {@link #writer} gives its files in {@code stowage/ingest/}. */
    private static final Pattern WRITER_NAME = Pattern.compile(
            "new-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path blobs;
    private final Path ingestDir;
    private final LockFile locks;
    private final DirectorySyncs directorySyncs = new DirectorySyncs();

    FileBlobStorage(Path root, Path ingestDir, LockFile locks) {
        this.blobs = root.resolve("blobs");
        this.ingestDir = ingestDir;
        this.locks = locks;
    }

    Path path(Digest d) {
        return blobs.resolve(d.algorithm()).resolve(d.hex());
    }

    @Override
    public boolean has(Digest digest) {
        return ConfinedFiles.isRegularFile(path(digest));
    }

    @Override
    public OptionalLong size(Digest digest) {
        try {
            return ConfinedFiles.size(path(digest)).map(OptionalLong::of).orElse(OptionalLong.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(Digest digest) {
        try {
            return ConfinedFiles.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        } catch (ConfinedFiles.RefusedEntryException e) {
            throw new BlobNotFoundException(digest, "blob " + digest + " is not stored: " + e.getMessage()
                    + "; verifying the store with repair removes it, then pull the image again");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Instant> storedAt(Digest digest) {
        try {
            return ConfinedFiles.attributes(path(digest)).filter(BasicFileAttributes::isRegularFile)
                    .map(a -> a.lastModifiedTime().toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Set<Digest> list() {
        Set<Digest> all = new TreeSet<>();
        forEachEntry((d, a) -> {
            if (a.isRegularFile()) {
                all.add(d);
            }
        });
        return all;
    }

    @Override
    public Map<Digest, String> damaged() {
        Map<Digest, String> found = new TreeMap<>();
        forEachEntry((d, a) -> {
            if (!a.isRegularFile()) {
                found.put(d, ConfinedFiles.kind(a));
            }
        });
        return found;
    }

    /**
     * Every entry named by a digest in a real directory {@code blobs/<alg>/}, with its own
     * attributes; a directory of {@code blobs/} that is a link is passed over, never entered.
     */
    private void forEachEntry(BiConsumer<Digest, BasicFileAttributes> action) {
        if (!ConfinedFiles.exists(blobs)) {
            return;
        }
        try (DirectoryStream<Path> algs = ConfinedFiles.list(blobs)) {
            for (Path alg : algs) {
                if (!ConfinedFiles.isDirectory(alg)) {
                    continue;
                }
                try (DirectoryStream<Path> files = ConfinedFiles.list(alg)) {
                    for (Path f : files) {
                        Digest d;
                        try {
                            d = Digest.of(alg.getFileName().toString(), f.getFileName().toString());
                        } catch (IllegalArgumentException notABlob) {
                            continue; // a file another tool left that is not named by a digest: not ours to judge
                        }
                        ConfinedFiles.attributes(f).ifPresent(a -> action.accept(d, a));
                    }
                }
            }
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot list " + blobs, e);
        }
    }

    @Override
    public long delete(Digest digest) {
        Path p = path(digest);
        try {
            long size = ConfinedFiles.size(p).orElse(0L);
            ConfinedFiles.delete(p);
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Cleanup cleanIngests(Instant staleBefore) {
        int files = 0;
        long bytes = 0;
        List<Digest> removed = new ArrayList<>();
        if (!ConfinedFiles.exists(ingestDir)) {
            return new Cleanup(0, 0, List.of());
        }
        try (DirectoryStream<Path> ds = ConfinedFiles.list(ingestDir)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                Digest digest = digestOf(name);
                if (digest == null && !WRITER_NAME.matcher(name).matches()) {
                    continue; // not a name this store gives its partial files: not its to delete
                }
                try (LockFile.Held held = locks.tryLock(LockRegions.ingest(name))) {
                    if (held == null) {
                        continue; // being written right now
                    }
                    Optional<BasicFileAttributes> a = ConfinedFiles.attributes(f);
                    if (a.isEmpty() || !a.get().isRegularFile()) {
                        continue; // finished meanwhile, or planted: an ingest of that digest removes it
                    }
                    boolean done = digest != null && has(digest);
                    if ((done || a.get().lastModifiedTime().toInstant().isBefore(staleBefore)) && ConfinedFiles.delete(f)) {
                        files++;
                        bytes += a.get().size();
                        if (digest != null) {
                            removed.add(digest);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot clean " + ingestDir, e);
        }
        return new Cleanup(files, bytes, removed);
    }

    @Override
    public PartialDownloadUsage partials() {
        int count = 0;
        int active = 0;
        long bytes = 0;
        long activeBytes = 0;
        if (!ConfinedFiles.exists(ingestDir)) {
            return PartialDownloadUsage.NONE;
        }
        try (DirectoryStream<Path> ds = ConfinedFiles.list(ingestDir)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (digestOf(name) == null && !WRITER_NAME.matcher(name).matches()) {
                    continue; // not a partial file of this store
                }
                Optional<BasicFileAttributes> a;
                boolean writing;
                try (LockFile.Held held = locks.tryLock(LockRegions.ingest(name))) {
                    writing = held == null;
                    a = ConfinedFiles.attributes(f);
                }
                if (a.isEmpty() || !a.get().isRegularFile()) {
                    continue; // finished and moved away meanwhile, or not a file
                }
                count++;
                bytes += a.get().size();
                if (writing) {
                    active++;
                    activeBytes += a.get().size();
                }
            }
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot read " + ingestDir, e);
        }
        return new PartialDownloadUsage(count, active, bytes, activeBytes);
    }

    private static Digest digestOf(String ingestName) {
        int dash = ingestName.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            return Digest.of(ingestName.substring(0, dash), ingestName.substring(dash + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public BlobIngest ingest(Digest digest, long size, Publisher publisher) {
        if (size < -1) {
            throw new IllegalArgumentException("blob size must be -1 (unknown) or non-negative, got " + size);
        }
        MessageDigest md = digest.newMessageDigest(); // rejects algorithms that cannot be verified, before any write
        String name = digest.algorithm() + "-" + digest.hex();
        LockFile.Held held = locks.lock(LockRegions.ingest(name));
        try {
            return new FileIngest(digest, size, md, ingestDir.resolve(name), held, publisher);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private final class FileIngest implements BlobIngest {
        private final Digest digest;
        private final long size;
        private final MessageDigest md;
        private final Path partial;
        private final LockFile.Held held;
        private final Publisher publisher;
        private FileChannel channel;
        private WriteBehind writeBehind;
        private long offset;
        private boolean complete;
        private boolean closed;

        FileIngest(Digest digest, long size, MessageDigest md, Path partial, LockFile.Held held, Publisher publisher) {
            this.digest = digest;
            this.size = size;
            this.md = md;
            this.partial = partial;
            this.held = held;
            this.publisher = publisher;
            if (publisher.protectIfStored(digest)) {
                complete = true;
                offset = FileBlobStorage.this.size(digest).orElse(0);
                return;
            }
            try {
                ConfinedFiles.createDirectory(partial.getParent());
                channel = openPartial(partial);
                writeBehind = new WriteBehind(channel);
                long existing = channel.size();
                if (size >= 0 && existing > size) {
                    channel.truncate(0);
                    existing = 0;
                }
                rehash(existing);
                offset = existing;
                channel.position(offset);
            } catch (IOException e) {
                closeChannel();
                throw ConfinedFiles.failure("cannot start writing blob " + digest + " to " + partial, e);
            }
        }

        /**
         * The partial file to resume, or a new one. Anything else under its name (a link planted
         * there, a FIFO) is removed, the entry itself, and a new file made with {@code O_EXCL}:
         * nothing is ever written through a link.
         */
        private static FileChannel openPartial(Path partial) throws IOException {
            Optional<BasicFileAttributes> a = ConfinedFiles.attributes(partial);
            if (a.isPresent() && a.get().isRegularFile()) {
                return ConfinedFiles.open(partial, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            if (a.isPresent()) {
                ConfinedFiles.delete(partial);
            }
            return ConfinedFiles.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }

        private void rehash(long length) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            long pos = 0;
            while (pos < length) {
                buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
                int n = channel.read(buf, pos);
                if (n < 0) {
                    break;
                }
                md.update(buf.array(), 0, n);
                pos += n;
            }
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public boolean isComplete() {
            return complete;
        }

        @Override
        public InputStream openReceived() {
            requireOpen();
            FileChannel source = channel;
            long end = offset;
            // Positional reads: the channel's own position stays where the next append writes.
            return new InputStream() {
                private long position;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (position >= end) {
                        return -1;
                    }
                    int n = source.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }
            };
        }

        @Override
        public void append(InputStream content) {
            requireOpen();
            byte[] buf = new byte[BUFFER];
            try {
                int n;
                while ((n = content.read(buf)) >= 0) {
                    write(buf, 0, n);
                }
            } catch (IOException e) {
                throw stopped(e);
            }
        }

        @Override
        public void append(byte[] bytes, int from, int length) {
            requireOpen();
            try {
                write(bytes, from, length);
            } catch (IOException e) {
                throw stopped(e);
            }
        }

        private void write(byte[] buf, int from, int n) throws IOException {
            if (size >= 0 && offset + n > size) {
                md.update(buf, from, n);
                Digest actual = Digest.of(digest.algorithm(), HexFormat.of().formatHex(md.digest()));
                discard();
                throw new DigestMismatchException(digest, size, actual, offset + n);
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, from, n);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            writeBehind.written(n);
            md.update(buf, from, n);
            offset += n;
        }

        private UncheckedIOException stopped(IOException e) {
            return new UncheckedIOException("writing blob " + digest + " stopped at byte " + offset
                    + " (kept for resuming): " + e.getMessage(), e);
        }

        @Override
        public void restart() {
            requireOpen();
            writeBehind.await();
            try {
                channel.truncate(0);
                channel.position(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restart blob " + digest + ": " + e.getMessage(), e);
            }
            md.reset();
            offset = 0;
        }

        @Override
        public void commit() {
            if (complete) {
                return;
            }
            requireOpen();
            Digest actual = Digest.of(digest.algorithm(), HexFormat.of().formatHex(md.digest()));
            if (!actual.equals(digest) || (size >= 0 && size != offset)) {
                discard();
                throw new DigestMismatchException(digest, size, actual, offset);
            }
            writeBehind.await();
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush blob " + digest + " to disk: " + e.getMessage(), e);
            }
            closeChannel();
            Path target = path(digest);
            publisher.publish(digest, () -> {
                createBlobDirectory(target);
                AtomicFiles.rename(partial, target);
            });
            complete = true;
            syncBlobDirectory(target);
        }

        private void discard() {
            closeChannel();
            try {
                ConfinedFiles.delete(partial);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete rejected content " + partial + ": " + e.getMessage(), e);
            }
        }

        private void requireOpen() {
            if (closed || channel == null) {
                throw new IllegalStateException("ingest of " + digest + " is " + (complete ? "complete" : "closed"));
            }
        }

        private void closeChannel() {
            if (channel != null) {
                writeBehind.await();
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to keep: the content is either flushed or will be verified again on resume
                }
                channel = null;
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            // No fsync: the partial file is re-digested on resume, so an unflushed tail costs nothing but bytes.
            closeChannel();
            held.close();
        }
    }

    /**
     * Makes a blob's rename into {@code blobs/<alg>/} durable before its ingest or writer returns,
     * so that whatever the caller writes next (an index naming it) never outlives it in a crash.
     * Done after the store's lock is let go, and shared ({@link DirectorySyncs}): one sync covers
     * the renames of every parallel transfer made before it began, instead of each queueing its own
     * behind the lock.
     */
    private void syncBlobDirectory(Path blob) {
        try {
            directorySyncs.sync(blob.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush " + blob.getParent() + " to disk: " + e.getMessage(), e);
        }
    }

    /** Makes {@code blobs/<alg>/} for a blob about to be moved in; a link in its way is refused. */
    private void createBlobDirectory(Path blob) throws IOException {
        AtomicFiles.createDirectory(blobs);
        AtomicFiles.createDirectory(blob.getParent());
    }

    @Override
    public BlobWriter writer(Publisher publisher) {
        String name = "new-" + UUID.randomUUID();
        LockFile.Held held = locks.lock(LockRegions.ingest(name));
        Path tmp = ingestDir.resolve(name);
        try {
            ConfinedFiles.createDirectory(ingestDir);
            return new FileWriter(tmp, held, publisher);
        } catch (IOException | RuntimeException e) {
            held.close();
            throw new StowageException("cannot create " + tmp + ": " + e.getMessage(), e);
        }
    }

    private final class FileWriter extends BlobWriter {
        private final Path tmp;
        private final LockFile.Held held;
        private final Publisher publisher;
        private final FileChannel channel;
        private final WriteBehind writeBehind;
        private final DigestingOutputStream out;
        private boolean done;

        FileWriter(Path tmp, LockFile.Held held, Publisher publisher) throws IOException {
            this.tmp = tmp;
            this.held = held;
            this.publisher = publisher;
            this.channel = ConfinedFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.writeBehind = new WriteBehind(channel);
            OutputStream raw = Channels.newOutputStream(channel);
            this.out = new DigestingOutputStream(new BufferedOutputStream(raw, BUFFER), Digest.SHA256);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            writeBehind.written(len);
        }

        @Override
        public long size() {
            return out.count();
        }

        @Override
        public Digest commit() {
            if (done) {
                throw new IllegalStateException("blob writer already finished");
            }
            try {
                out.flush();
                writeBehind.await();
                channel.force(true);
                channel.close();
                Digest d = out.digest();
                Path target = path(d);
                publisher.publish(d, () -> {
                    if (ConfinedFiles.isRegularFile(target)) {
                        ConfinedFiles.delete(tmp);
                    } else { // absent, or a link or FIFO in its place: the rename replaces that entry itself
                        createBlobDirectory(target);
                        AtomicFiles.rename(tmp, target);
                    }
                });
                done = true;
                syncBlobDirectory(target);
                return d;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store blob from " + tmp + ": " + e.getMessage(), e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                if (!done) {
                    done = true;
                    writeBehind.await();
                    channel.close();
                    ConfinedFiles.delete(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot discard " + tmp + ": " + e.getMessage(), e);
            } finally {
                held.close();
            }
        }
    }
}
