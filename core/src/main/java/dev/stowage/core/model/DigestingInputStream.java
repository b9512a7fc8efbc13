package dev.stowage.core.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Digests and counts the bytes read through it, so content is hashed once, as it streams.
 *
 * <pre>{@code
 * try (DigestingInputStream in = new DigestingInputStream(body, Digest.SHA256)) {
 *     in.transferTo(file);
 *     in.verify(descriptor.digest(), descriptor.size()); // throws DigestMismatchException
 * }
 * }</pre>
 */
public final class DigestingInputStream extends FilterInputStream {
    private final String algorithm;
    private final MessageDigest md;
    private long count;

    public DigestingInputStream(InputStream in, String algorithm) {
        super(in);
        this.algorithm = algorithm;
        this.md = Digest.messageDigest(algorithm);
    }

    /** Digests with the algorithm of the digest the content is expected to have. */
    public DigestingInputStream(InputStream in, Digest expected) {
        this(in, expected.algorithm());
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            md.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            md.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would be missing from the digest; read them instead.
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: a reset would digest bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** Digest of the bytes read so far. Can be called once the stream is exhausted. */
    public Digest digest() {
        try {
            return Digest.of(algorithm, (MessageDigest) md.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param expectedSize the announced size, or -1 to check the digest only
     * @throws DigestMismatchException if digest or size differ
     */
    public void verify(Digest expected, long expectedSize) {
        DigestMismatchException.check(expected, expectedSize, digest(), count);
    }
}
