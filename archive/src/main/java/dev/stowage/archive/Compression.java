package dev.stowage.archive;

import dev.stowage.core.InvalidArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * A compression recognised by its first bytes, as {@code docker load} and podman recognise it:
 * an archive or a layer may be compressed or not, and says which only by its magic number.
 */
enum Compression {
    NONE(null),
    GZIP(new byte[] {0x1f, (byte) 0x8b}),
    ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
    BZIP2(new byte[] {'B', 'Z', 'h'}),
    XZ(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0});

    /** Bytes enough to tell them apart. */
    static final int MAGIC_BYTES = 6;

    private final byte[] magic;

    Compression(byte[] magic) {
        this.magic = magic;
    }

    /** What {@code head} (the first bytes of the content, possibly fewer than {@link #MAGIC_BYTES}) starts with. */
    static Compression detect(byte[] head) {
        for (Compression c : values()) {
            if (c.magic != null && head.length >= c.magic.length
                    && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
                return c;
            }
        }
        return NONE;
    }

    String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A stream of the decompressed bytes of {@code in}.
     *
     * @param what how a refusal names the content
     * @throws InvalidArchiveException for xz, which Stowage does not read
     */
    InputStream decompress(InputStream in, String what) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case ZSTD -> new ZstdCompressorInputStream(in);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> throw new InvalidArchiveException(what + " is compressed with xz, which Stowage does not read; "
                    + "decompress it (xz -d) and give the tar");
        };
    }
}
