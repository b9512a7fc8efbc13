package dev.stowage.store;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored blob as a reader gets it: digested as it streams, and checked against its digest once
 * read from its first byte to its last, so that a blob changed on disk since it was verified (bit
 * rot, tampering) fails with {@link DigestMismatchException} instead of being handed on, to a
 * registry above all. The check runs as the stored size is reached, before those last bytes are
 * returned: a reader that stops at the size, as an upload of exactly that many bytes does, is
 * checked too.
 *
 * <p>A chunked upload reads a blob as a series of streams, each opened and skipped to where the
 * previous one stopped. A stream closed part way leaves its digest state in {@link Progress}, and
 * a stream that skips to exactly that position takes it up, so the last chunk's stream checks the
 * whole blob without any byte hashed twice. A stream that skips anywhere else is not checked (the
 * skipped bytes are not read: re-reading them would make each chunk hash its whole prefix again).
 */
final class VerifyingBlobStream extends InputStream {
    private final InputStream file;
    private final Digest digest;
    private final long size;
    private final Progress progress;
    private MessageDigest md;
    private long position;

    /**
     * @param size the blob's stored size, or -1 to check only at the end of the stream
     * @param progress where partly read streams of this store leave their digest state
     */
    VerifyingBlobStream(InputStream file, Digest digest, long size, Progress progress) {
        this.file = file;
        this.digest = digest;
        this.size = size;
        this.progress = progress;
        this.md = digest.newMessageDigest();
    }

    /**
     * Digest states of streams closed part way, by blob and position: a few (chunked uploads in
     * flight), the oldest dropped first. Shared by the streams of one store.
     */
    static final class Progress {
        private static final int KEPT = 64;

        private record Key(Digest digest, long position) {
        }

        private final Map<Key, MessageDigest> states = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, MessageDigest> eldest) {
                return size() > KEPT;
            }
        };

        synchronized void leave(Digest digest, long position, MessageDigest state) {
            states.put(new Key(digest, position), state);
        }

        synchronized MessageDigest take(Digest digest, long position) {
            return states.remove(new Key(digest, position));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = file.read(b, off, len);
        if (md == null) {
            return n;
        }
        if (n > 0) {
            md.update(b, off, n);
            position += n;
        }
        if (n < 0 || (size >= 0 && position >= size)) {
            check(); // a longer file fails at its first extra byte, a shorter one at its end
        }
        return n;
    }

    private void check() {
        try {
            Digest actual = Digest.of(digest.algorithm(), (MessageDigest) md.clone());
            DigestMismatchException.check(digest, size, actual, position);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        MessageDigest resumed = md != null && position == 0 ? progress.take(digest, n) : null;
        long skipped = file.skip(n);
        if (resumed != null && skipped == n) {
            md = resumed;
            position = n;
        } else {
            md = null; // the skipped bytes are not in any digest: this stream is not checked
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return file.available();
    }

    @Override
    public void close() throws IOException {
        if (md != null && position > 0 && (size < 0 || position < size)) {
            progress.leave(digest, position, md);
            md = null;
        }
        file.close();
    }
}
