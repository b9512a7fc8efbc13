package dev.stowage.core.build.dockerfile;

import dev.stowage.core.OptionalDependency;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.utils.ArchiveUtils;

/**
 * Tar archives as {@code ADD} and layers hold them: plain, gzip, bzip2, xz or zstd, told apart by
 * their first bytes, never by a file name.
 */
final class Archives {
    private static final int BUFFER = 64 * 1024;

    private Archives() {
    }

    /** The stream decompressed if its first bytes name a compression this reads; as it is otherwise. */
    static InputStream decompressed(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, BUFFER);
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (startsWith(magic, 0x1f, 0x8b)) {
            return new GZIPInputStream(in, BUFFER);
        }
        if (startsWith(magic, 'B', 'Z', 'h')) {
            return new BZip2CompressorInputStream(in, true);
        }
        if (startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return new XZCompressorInputStream(in);
        }
        if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
            OptionalDependency.ZSTD_JNI.require("unpacking a zstd archive");
            return new ZstdCompressorInputStream(in);
        }
        return in;
    }

    /** A tar reader over the stream, decompressed first. */
    static TarArchiveInputStream tar(InputStream raw) throws IOException {
        return new TarArchiveInputStream(decompressed(raw), BUFFER, TarConstants.DEFAULT_RCDSIZE,
                java.nio.charset.StandardCharsets.UTF_8.name());
    }

    /**
     * Whether the (possibly compressed) stream is a tar archive: its first header block has a
     * valid checksum. {@code ADD} extracts only what passes; anything else is copied as a file.
     */
    static boolean isTar(InputStream raw) {
        try (InputStream in = decompressed(raw)) {
            byte[] header = in.readNBytes(TarConstants.DEFAULT_RCDSIZE);
            if (header.length < TarConstants.DEFAULT_RCDSIZE || Arrays.equals(header, new byte[header.length])) {
                return false;
            }
            return verifyChecksum(header);
        } catch (IOException | RuntimeException notAnArchive) {
            return false; // e.g. a gzip stream of something else that ends early
        }
    }

    /** The tar header checksum: the sum of the block's bytes with the checksum field read as spaces. */
    private static boolean verifyChecksum(byte[] header) {
        String field = ArchiveUtils.toAsciiString(header, 148, 8).trim();
        int end = 0;
        while (end < field.length() && field.charAt(end) >= '0' && field.charAt(end) <= '7') {
            end++;
        }
        if (end == 0) {
            return false;
        }
        long stored = Long.parseLong(field.substring(0, end), 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < header.length; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        return stored == unsigned || stored == signed;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
