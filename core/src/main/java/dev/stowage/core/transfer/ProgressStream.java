package dev.stowage.core.transfer;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.DigestMismatchException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * A blob's bytes on their way from a source to a destination: counted, reported about every MiB
 * as {@code Downloading} or {@code Uploading}, and cut off with an error when the source yields
 * more than the blob's descriptor gives, so no source can fill a disk or an upload with a
 * never-ending body.
 */
final class ProgressStream extends FilterInputStream {
    private static final long STEP = 1 << 20;

    private final ProgressEvent.Scope scope;
    private final Descriptor blob;
    private final boolean upload;
    private final String source;
    private final ProgressListener progress;
    private final LongAdder moved;
    private long position;
    private long reported;

    /**
     * @param offset where the stream starts in the blob
     * @param upload whether the bytes go to a registry (reported as {@code Uploading}), else they
     *     are received ({@code Downloading})
     * @param moved where every byte read is added
     */
    ProgressStream(InputStream in, long offset, ProgressEvent.Scope scope, Descriptor blob, boolean upload, String source,
            ProgressListener progress, LongAdder moved) {
        super(in);
        this.scope = scope;
        this.blob = blob;
        this.upload = upload;
        this.source = source;
        this.progress = progress;
        this.moved = moved;
        this.position = offset;
        this.reported = offset;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            report();
            if (!upload) {
                progress.onEvent(new ProgressEvent.Verifying(scope, blob.digest()));
            }
            return n;
        }
        position += n;
        moved.add(n);
        if (position > blob.size()) {
            throw new DigestMismatchException(blob.digest(), blob.size(), null, position);
        }
        if (position - reported >= STEP) {
            report();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private void report() {
        if (position != reported) {
            reported = position;
            progress.onEvent(upload ? new ProgressEvent.Uploading(scope, blob.digest(), position, blob.size())
                    : new ProgressEvent.Downloading(scope, blob.digest(), position, blob.size()));
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
