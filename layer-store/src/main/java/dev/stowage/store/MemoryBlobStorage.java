package dev.stowage.store;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.StowageException;
import dev.stowage.core.PartialDownloadUsage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Blobs held in memory, with the same verification and resumable ingest as on disk. */
final class MemoryBlobStorage implements BlobStorage {
    private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<Digest, Instant> storedAt = new ConcurrentHashMap<>();
    /** Bytes of interrupted ingests, kept for resuming. */
    private final Map<Digest, Partial> partials = new ConcurrentHashMap<>();
    /** The bytes received so far by the ingests open now. */
    private final Map<Digest, ByteArrayOutputStream> writing = new ConcurrentHashMap<>();
    /** Digests being ingested; guarded by itself. */
    private final Set<Digest> ingesting = new HashSet<>();

    @Override
    public boolean has(Digest digest) {
        return blobs.containsKey(digest);
    }

    @Override
    public OptionalLong size(Digest digest) {
        byte[] b = blobs.get(digest);
        return b == null ? OptionalLong.empty() : OptionalLong.of(b.length);
    }

    @Override
    public InputStream open(Digest digest) {
        byte[] b = blobs.get(digest);
        if (b == null) {
            throw new BlobNotFoundException(digest);
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public java.util.Optional<Instant> storedAt(Digest digest) {
        return java.util.Optional.ofNullable(storedAt.get(digest));
    }

    @Override
    public Set<Digest> list() {
        return new TreeSet<>(blobs.keySet());
    }

    @Override
    public Map<Digest, String> damaged() {
        return Map.of(); // a map holds nothing but blobs
    }

    @Override
    public long delete(Digest digest) {
        byte[] b = blobs.remove(digest);
        storedAt.remove(digest);
        return b == null ? 0 : b.length;
    }

    /** An interrupted ingest's bytes and when they were last written, as a partial file's modification time. */
    private record Partial(byte[] bytes, Instant touched) {
    }

    /** Sets when a partial ingest was last written, to let tests simulate an old one. */
    void touchIngest(Digest digest, Instant touched) {
        partials.computeIfPresent(digest, (d, p) -> new Partial(p.bytes(), touched));
    }

    /** Replaces a stored blob's bytes without verification, to let tests simulate corruption. */
    void corrupt(Digest digest, byte[] content) {
        blobs.put(digest, content);
    }

    @Override
    public Cleanup cleanIngests(Instant staleBefore) {
        int files = 0;
        long bytes = 0;
        List<Digest> removed = new ArrayList<>();
        synchronized (ingesting) {
            for (Map.Entry<Digest, Partial> p : partials.entrySet()) {
                Digest d = p.getKey();
                if (!ingesting.contains(d) && (has(d) || p.getValue().touched().isBefore(staleBefore))) {
                    partials.remove(d);
                    bytes += p.getValue().bytes().length;
                    files++;
                    removed.add(d);
                }
            }
        }
        return new Cleanup(files, bytes, removed);
    }

    @Override
    public PartialDownloadUsage partials() {
        int count = 0;
        long bytes = 0;
        synchronized (ingesting) {
            for (Partial p : partials.values()) {
                count++;
                bytes += p.bytes().length;
            }
        }
        int active = 0;
        long activeBytes = 0;
        for (ByteArrayOutputStream received : writing.values()) {
            if (received.size() > 0) {
                active++;
                activeBytes += received.size();
            }
        }
        return new PartialDownloadUsage(count + active, active, bytes + activeBytes, activeBytes);
    }

    @Override
    public BlobIngest ingest(Digest digest, long size, Publisher publisher) {
        if (size < -1) {
            throw new IllegalArgumentException("blob size must be -1 (unknown) or non-negative, got " + size);
        }
        MessageDigest md = digest.newMessageDigest();
        synchronized (ingesting) {
            while (!ingesting.add(digest)) {
                try {
                    ingesting.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StowageException("interrupted while waiting for another ingest of " + digest);
                }
            }
        }
        return new MemoryIngest(digest, size, md, publisher);
    }

    private final class MemoryIngest implements BlobIngest {
        private final Digest digest;
        private final long size;
        private final MessageDigest md;
        private final Publisher publisher;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean complete;
        private boolean closed;

        MemoryIngest(Digest digest, long size, MessageDigest md, Publisher publisher) {
            this.digest = digest;
            this.size = size;
            this.md = md;
            this.publisher = publisher;
            if (publisher.protectIfStored(digest)) {
                complete = true;
                return;
            }
            Partial prior = partials.remove(digest);
            if (prior != null && (size < 0 || prior.bytes().length <= size)) {
                buffer.writeBytes(prior.bytes());
                md.update(prior.bytes());
            }
            writing.put(digest, buffer);
        }

        @Override
        public long offset() {
            return complete ? size(digest).orElse(0) : buffer.size();
        }

        @Override
        public boolean isComplete() {
            return complete;
        }

        @Override
        public InputStream openReceived() {
            requireOpen();
            return new ByteArrayInputStream(buffer.toByteArray());
        }

        @Override
        public void append(InputStream content) {
            requireOpen();
            byte[] buf = new byte[1 << 16];
            try {
                int n;
                while ((n = content.read(buf)) >= 0) {
                    md.update(buf, 0, n);
                    buffer.write(buf, 0, n);
                    if (size >= 0 && buffer.size() > size) {
                        long received = buffer.size();
                        Digest actual = Digest.of(digest.algorithm(), HexFormat.of().formatHex(md.digest()));
                        buffer.reset();
                        throw new DigestMismatchException(digest, size, actual, received);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing blob " + digest + " stopped at byte " + buffer.size()
                        + " (kept for resuming): " + e.getMessage(), e);
            }
        }

        @Override
        public void restart() {
            requireOpen();
            buffer.reset();
            md.reset();
        }

        @Override
        public void commit() {
            if (complete) {
                return;
            }
            requireOpen();
            Digest actual = Digest.of(digest.algorithm(), HexFormat.of().formatHex(md.digest()));
            long received = buffer.size();
            if (!actual.equals(digest) || (size >= 0 && size != received)) {
                buffer.reset();
                throw new DigestMismatchException(digest, size, actual, received);
            }
            byte[] content = buffer.toByteArray();
            publisher.publish(digest, () -> {
                storedAt.put(digest, Instant.now());
                blobs.put(digest, content);
            });
            buffer.reset();
            complete = true;
        }

        private void requireOpen() {
            if (closed || complete) {
                throw new IllegalStateException("ingest of " + digest + " is " + (complete ? "complete" : "closed"));
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!complete && buffer.size() > 0) {
                partials.put(digest, new Partial(buffer.toByteArray(), Instant.now()));
            }
            writing.remove(digest);
            synchronized (ingesting) {
                ingesting.remove(digest);
                ingesting.notifyAll();
            }
        }
    }

    @Override
    public BlobWriter writer(Publisher publisher) {
        return new BlobWriter() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            private boolean done;

            @Override
            public void write(int b) {
                requireOpen();
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                requireOpen();
                buffer.write(b, off, len);
            }

            private void requireOpen() {
                if (done) {
                    throw new IllegalStateException("blob writer already finished");
                }
            }

            @Override
            public long size() {
                return buffer.size();
            }

            @Override
            public Digest commit() {
                requireOpen();
                done = true;
                byte[] content = buffer.toByteArray();
                Digest d = Digest.sha256(content);
                publisher.publish(d, () -> {
                    storedAt.putIfAbsent(d, Instant.now());
                    blobs.putIfAbsent(d, content);
                });
                return d;
            }

            @Override
            public void close() {
                done = true;
            }
        };
    }
}
