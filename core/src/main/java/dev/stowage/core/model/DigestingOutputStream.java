package dev.stowage.core.model;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Digests and counts the bytes written through it. Used where content is produced rather than
 * received (layers written by the image builder, blobs copied into the store).
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final String algorithm;
    private final MessageDigest md;
    private long count;

    public DigestingOutputStream(OutputStream out, String algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.md = Digest.messageDigest(algorithm);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        md.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        md.update(b, off, len);
        count += len;
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }

    /** Digest of the bytes written so far. */
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
