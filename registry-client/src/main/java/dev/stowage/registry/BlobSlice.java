package dev.stowage.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The part of a blob one request sends: at most {@code length} bytes from the source. A failure
 * of the source is a {@link ContentFailure}, not the registry's.
 */
final class BlobSlice extends FilterInputStream {
    private final long length;
    private long read;

    BlobSlice(InputStream in, long length) {
        super(in);
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (read >= length) {
            return -1;
        }
        int n;
        try {
            n = in.read(b, off, (int) Math.min(len, length - read));
        } catch (IOException | RuntimeException e) {
            throw ContentFailure.of(e);
        }
        if (n > 0) {
            read += n;
        }
        return n;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
