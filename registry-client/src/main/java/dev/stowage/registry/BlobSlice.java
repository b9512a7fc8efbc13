package dev.stowage.registry;

import dev.stowage.core.model.Digest;
import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The part of a blob one request sends: at most {@code length} bytes from the source, reporting
 * upload progress about every MiB.
 */
final class BlobSlice extends FilterInputStream {
    private static final long PROGRESS_STEP = 1 << 20;

    private final long length;
    private final long offset;
    private final long total;
    private final Digest digest;
    private final ProgressListener progress;
    private long read;
    private long reported;

    BlobSlice(InputStream in, long offset, long length, long total, Digest digest, ProgressListener progress) {
        super(in);
        this.offset = offset;
        this.length = length;
        this.total = total;
        this.digest = digest;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (read >= length) {
            report(true);
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, length - read));
        if (n > 0) {
            read += n;
            report(read >= length);
        }
        return n;
    }

    private void report(boolean done) {
        if (done ? reported < read : read - reported >= PROGRESS_STEP) {
            reported = read;
            progress.onEvent(new ProgressEvent.Uploading(digest, offset + read, total));
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
