package dev.stowage.core.build.dockerfile;

import dev.stowage.core.build.EntryContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A scratch file holding contents a layer reads later in another order than they arrive
 * (files extracted from an archive, files copied from another image's layers): appended once,
 * read back by offset, deleted on close. Keeps memory flat whatever the sizes.
 */
final class Spool implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final OutputStream out;
    private long length;

    Spool(Path directory) {
        try {
            this.file = Files.createTempFile(directory, "spool", ".bin");
            this.out = Files.newOutputStream(file, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch file in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends exactly {@code size} bytes of {@code in}.
     *
     * @return the content's place, to read it back with {@link #slice}
     * @throws IOException if the stream ends early
     */
    long append(InputStream in, long size) throws IOException {
        long offset = length;
        byte[] buffer = new byte[BUFFER];
        long remaining = size;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("content ended after " + (size - remaining) + " of " + size + " bytes");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
        length += size;
        return offset;
    }

    /** The content appended at {@code offset}; readable once the spool is {@link #flush()}ed. */
    EntryContent slice(long offset, long size) {
        return () -> {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            InputStream whole = Channels.newInputStream(channel);
            return new InputStream() {
                private long left = size;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = whole.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = whole.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    whole.close();
                }
            };
        };
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete scratch file " + file + ": " + e.getMessage(), e);
        }
    }
}
