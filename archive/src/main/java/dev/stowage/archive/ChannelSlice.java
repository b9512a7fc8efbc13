package dev.stowage.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of a file between two positions, read with positional reads: any number of slices
 * of one channel may be read at once (the copier reads several blobs of an archive in parallel),
 * and skipping is a seek.
 */
final class ChannelSlice extends InputStream {
    private final FileChannel channel;
    private final long end;
    private long position;

    ChannelSlice(FileChannel channel, long start, long end) {
        this.channel = channel;
        this.position = start;
        this.end = end;
    }

    long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = (int) Math.min(len, end - position);
        int read = channel.read(ByteBuffer.wrap(b, off, n), position);
        if (read < 0) {
            throw new EOFException("the file ends at " + position + ", before the " + end + " bytes it had");
        }
        position += read;
        return read;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
    }
}
