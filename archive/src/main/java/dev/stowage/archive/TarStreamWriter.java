package dev.stowage.archive;

import dev.stowage.core.ArchiveCompression;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/**
 * Writes a tar to a stream, entry after entry, each file's bytes streamed in: reproducibly
 * (owner 0:0 without names, modes 0644 and 0755, dated 1970-01-01, as {@code docker save} dates
 * its own files), in POSIX format for long names and large files, optionally compressed as a
 * whole. The stream given is never closed.
 */
final class TarStreamWriter {
    private static final int BUFFER = 256 * 1024;

    private final OutputStream out;
    private final OutputStream compressed;
    private final TarArchiveOutputStream tar;

    TarStreamWriter(OutputStream target, ArchiveCompression compression) throws IOException {
        this.out = target;
        OutputStream buffered = new BufferedOutputStream(new FilterOutputStream(target) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller's stream stays open
            }
        }, BUFFER);
        this.compressed = switch (compression) {
            case NONE -> buffered;
            case GZIP -> {
                GzipParameters parameters = new GzipParameters();
                parameters.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
                yield new GzipCompressorOutputStream(buffered, parameters);
            }
            case ZSTD -> new ZstdCompressorOutputStream(buffered);
        };
        this.tar = new TarArchiveOutputStream(compressed, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    void directory(String name) throws IOException {
        TarArchiveEntry entry = entry(name + "/", 0755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    void file(String name, byte[] content) throws IOException {
        file(name, content.length, new ByteArrayInputStream(content));
    }

    /**
     * A file of exactly {@code size} bytes read from {@code content}.
     *
     * @throws IOException if the content is shorter or longer
     */
    void file(String name, long size, InputStream content) throws IOException {
        TarArchiveEntry entry = entry(name, 0644);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, size))];
        long left = size;
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(name + " ended after " + (size - left) + " of its " + size + " bytes");
            }
            tar.write(buffer, 0, n);
            left -= n;
        }
        if (content.read() >= 0) {
            throw new IOException(name + " is longer than its " + size + " bytes");
        }
        tar.closeArchiveEntry();
    }

    /** Ends the tar and its compression, and flushes the stream. */
    void finish() throws IOException {
        tar.finish();
        tar.close(); // ends the compressor too; the target stays open
        out.flush();
    }

    private static TarArchiveEntry entry(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode((name.endsWith("/") ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 : TarArchiveEntry.DEFAULT_FILE_MODE
                & ~0777) | mode);
        entry.setIds(0, 0);
        entry.setNames("", "");
        entry.setModTime(0);
        return entry;
    }
}
