package dev.stowage.testkit.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs on the heap, as lists of pieces of at most 1 MiB: no array limits, and committing an
 * upload hands its pieces over without copying.
 */
final class MemoryBlobStore implements BlobStore {
    private static final int PIECE = 1 << 20;

    private final Map<BlobDigest, Pieces> blobs = new ConcurrentHashMap<>();

    @Override
    public OptionalLong size(BlobDigest digest) {
        Pieces pieces = blobs.get(digest);
        return pieces == null ? OptionalLong.empty() : OptionalLong.of(pieces.size());
    }

    @Override
    public InputStream open(BlobDigest digest, long offset) throws IOException {
        Pieces pieces = blobs.get(digest);
        if (pieces == null) {
            throw new NoSuchFileException(digest.toString());
        }
        return pieces.open(offset);
    }

    @Override
    public Buffer newBuffer() {
        return new Pieces();
    }

    @Override
    public void commit(Buffer buffer, BlobDigest digest) {
        blobs.put(digest, (Pieces) buffer);
    }

    @Override
    public void delete(BlobDigest digest) {
        blobs.remove(digest);
    }

    @Override
    public void close() {
        blobs.clear();
    }

    /** Content as a list of byte arrays; appended to by one writer at a time, read once complete. */
    private static final class Pieces implements Buffer {
        private final List<byte[]> pieces = new ArrayList<>();
        private long size;

        private synchronized void add(byte[] piece) {
            pieces.add(piece);
            size += piece.length;
        }

        @Override
        public synchronized long size() {
            return size;
        }

        @Override
        public OutputStream appender() {
            return new OutputStream() {
                private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    while (len > 0) {
                        int n = Math.min(len, PIECE - pending.size());
                        pending.write(b, off, n);
                        off += n;
                        len -= n;
                        if (pending.size() == PIECE) {
                            flush();
                        }
                    }
                }

                @Override
                public void flush() {
                    if (pending.size() > 0) {
                        add(pending.toByteArray());
                        pending.reset();
                    }
                }

                @Override
                public void close() {
                    flush();
                }
            };
        }

        @Override
        public InputStream open() {
            return open(0);
        }

        synchronized InputStream open(long offset) {
            List<byte[]> snapshot = List.copyOf(pieces);
            return new InputStream() {
                private int index;
                private int position;

                {
                    long skip = offset;
                    while (index < snapshot.size() && skip >= snapshot.get(index).length) {
                        skip -= snapshot.get(index).length;
                        index++;
                    }
                    position = (int) skip;
                }

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (len == 0) {
                        return 0;
                    }
                    while (index < snapshot.size() && position == snapshot.get(index).length) {
                        index++;
                        position = 0;
                    }
                    if (index == snapshot.size()) {
                        return -1;
                    }
                    byte[] piece = snapshot.get(index);
                    int n = Math.min(len, piece.length - position);
                    System.arraycopy(piece, position, b, off, n);
                    position += n;
                    return n;
                }
            };
        }

        @Override
        public synchronized void discard() {
            pieces.clear();
            size = 0;
        }
    }
}
