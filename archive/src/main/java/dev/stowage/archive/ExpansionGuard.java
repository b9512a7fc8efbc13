package dev.stowage.archive;

import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.InvalidArchiveException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Holds decompressed content to {@link ArchiveLimits}: fails, saying the limit, once it has
 * expanded past {@code maxExpandedBytes}, or past {@code maxExpansionRatio} times the compressed
 * bytes read so far after the first {@link ArchiveLimits#RATIO_GRACE_BYTES}. A decompression bomb
 * (a few kilobytes that inflate to terabytes) is stopped at the first megabytes of it, before it
 * fills the disk or keeps the CPU busy for hours.
 */
final class ExpansionGuard extends FilterInputStream {
    private final Counting compressed;
    private final ArchiveLimits limits;
    private final String what;
    private final String method;
    private long expanded;

    /** A counter of the compressed bytes, to give to the decompressor. */
    static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        long count() {
            return count;
        }
    }

    /**
     * @param decompressed the decompressor, reading from {@code compressed}
     * @param what how the message names the content ({@code app.tar.gz})
     * @param method the compression, for the message
     */
    ExpansionGuard(InputStream decompressed, Counting compressed, ArchiveLimits limits, String what, String method) {
        super(decompressed);
        this.compressed = compressed;
        this.limits = limits;
        this.what = what;
        this.method = method;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            expanded += n;
            check();
        }
        return n;
    }

    /** Skipping reads, so that what is skipped is counted too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    private void check() {
        if (expanded > limits.maxExpandedBytes()) {
            throw new InvalidArchiveException(what + ": " + method + " content expands past " + limits.maxExpandedBytes()
                    + " bytes, the limit (a decompression bomb?); raise ArchiveLimits.maxExpandedBytes if it is genuine");
        }
        long in = Math.max(1, compressed.count());
        if (expanded > ArchiveLimits.RATIO_GRACE_BYTES && expanded / in > limits.maxExpansionRatio()) {
            throw new InvalidArchiveException(what + ": " + method + " content expands more than "
                    + limits.maxExpansionRatio() + " times (" + in + " bytes became more than " + expanded
                    + "), the limit (a decompression bomb?); decompress it yourself and give the tar, or raise "
                    + "ArchiveLimits.maxExpansionRatio");
        }
    }
}
