package dev.stowage.core.build;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip that does not spend time on what does not compress: the input is cut into 64 KiB chunks
 * at fixed offsets, and a chunk whose bytes look random (order-0 entropy of at least
 * {@value #STORE_ABOVE_BITS} bits per byte: the compressed entries of a jar, images, archives) is
 * written as a stored block, the others at the given level. Deflating such a chunk would save
 * under 1.5 % for about a hundred times the time. The decision depends only on the bytes, so the
 * output is as deterministic as plain gzip: same input, same zlib, same bytes. The header is the
 * one {@link LayerCompression#gzip()} writes (no name, time 0, OS 255).
 */
final class AdaptiveGzipOutputStream extends OutputStream {
    static final double STORE_ABOVE_BITS = 7.9;
    private static final int CHUNK = 64 * 1024;

    private final OutputStream out;
    private final Deflater deflater;
    private final int level;
    private final CRC32 crc = new CRC32();
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] buffer = new byte[CHUNK + 1024];
    private int filled;
    private long total;
    private int currentLevel;
    private boolean closed;

    AdaptiveGzipOutputStream(OutputStream out, int level) throws IOException {
        this.out = out;
        this.level = level;
        this.currentLevel = level;
        this.deflater = new Deflater(level, true);
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255});
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == CHUNK) {
                deflateChunk();
            }
        }
    }

    private void deflateChunk() throws IOException {
        int wanted = entropy(chunk, filled) >= STORE_ABOVE_BITS ? Deflater.NO_COMPRESSION : level;
        if (wanted != currentLevel) {
            // a new level applies after the next deflate call, which still compresses the input it has with the
            // old one: make that call before this chunk is given, so the chunk gets the level chosen for it
            deflater.setLevel(wanted);
            deflater.setInput(chunk, 0, 0);
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
            currentLevel = wanted;
        }
        crc.update(chunk, 0, filled);
        total += filled;
        deflater.setInput(chunk, 0, filled);
        while (!deflater.needsInput()) {
            drain(Deflater.NO_FLUSH);
        }
        filled = 0;
    }

    private void drain(int flush) throws IOException {
        int n = deflater.deflate(buffer, 0, buffer.length, flush);
        if (n > 0) {
            out.write(buffer, 0, n);
        }
    }

    /** Order-0 Shannon entropy of the bytes, in bits per byte. */
    static double entropy(byte[] bytes, int length) {
        if (length == 0) {
            return 0;
        }
        int[] counts = new int[256];
        for (int i = 0; i < length; i++) {
            counts[bytes[i] & 0xff]++;
        }
        double bits = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / length;
                bits -= p * (Math.log(p) / Math.log(2));
            }
        }
        return bits;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (filled > 0) {
                deflateChunk();
            }
            deflater.finish();
            while (!deflater.finished()) {
                drain(Deflater.NO_FLUSH);
            }
            int crcValue = (int) crc.getValue();
            int size = (int) total;
            out.write(new byte[] {(byte) crcValue, (byte) (crcValue >> 8), (byte) (crcValue >> 16), (byte) (crcValue >> 24),
                    (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
        } finally {
            deflater.end();
            out.close();
        }
    }
}
