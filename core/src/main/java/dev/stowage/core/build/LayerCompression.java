package dev.stowage.core.build;

import dev.stowage.core.OptionalDependency;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * How layers are compressed: gzip (the default, level 6 like Go's and docker's default), zstd,
 * or not at all.
 *
 * <p>Gzip output is deterministic: no file name, modification time 0 and the OS byte "unknown"
 * (255) in the header, as Go writes it. The compressed bytes come from the JVM's zlib, so the
 * same inputs give the same layer digest on every machine with the same zlib; the DiffID (the
 * digest of the uncompressed tar) never depends on it.
 *
 * <pre>{@code
 * ImageBuilder.fromScratch().compression(LayerCompression.zstd()) ...
 * }</pre>
 */
public final class LayerCompression {
    /** The kinds of compression; the names are those of the media type suffixes. */
    public enum Kind { GZIP, ZSTD, NONE }

    private static final int GZIP_DEFAULT_LEVEL = 6;
    private static final int ZSTD_DEFAULT_LEVEL = 3;
    private static final int BUFFER = 64 * 1024;

    private final Kind kind;
    private final int level;
    private final boolean adaptive;

    private LayerCompression(Kind kind, int level) {
        this(kind, level, false);
    }

    private LayerCompression(Kind kind, int level, boolean adaptive) {
        this.kind = kind;
        this.level = level;
        this.adaptive = adaptive;
    }

    /** Gzip at level 6. */
    public static LayerCompression gzip() {
        return new LayerCompression(Kind.GZIP, GZIP_DEFAULT_LEVEL);
    }

    /**
     * Gzip at {@code level}, 0 (stored) to 9 (best).
     *
     * @throws IllegalArgumentException for another level
     */
    public static LayerCompression gzip(int level) {
        if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("gzip level must be 0 to 9, got " + level);
        }
        return new LayerCompression(Kind.GZIP, level);
    }

    /**
     * Gzip at level 6, but 64 KiB stretches that look random (already-compressed content: the
     * entries of a jar, images, archives) are stored rather than deflated: for a layer holding a
     * jar, about a hundred times faster for a layer a percent or two larger. Deterministic like
     * {@link #gzip()}; the Dockerfile build's default.
     */
    public static LayerCompression adaptiveGzip() {
        return new LayerCompression(Kind.GZIP, GZIP_DEFAULT_LEVEL, true);
    }

    /** Zstandard at level 3, its default. */
    public static LayerCompression zstd() {
        return new LayerCompression(Kind.ZSTD, ZSTD_DEFAULT_LEVEL);
    }

    /**
     * Zstandard at {@code level}, 1 to 22.
     *
     * @throws IllegalArgumentException for another level
     */
    public static LayerCompression zstd(int level) {
        if (level < 1 || level > 22) {
            throw new IllegalArgumentException("zstd level must be 1 to 22, got " + level);
        }
        return new LayerCompression(Kind.ZSTD, level);
    }

    /** Plain tar layers. */
    public static LayerCompression none() {
        return new LayerCompression(Kind.NONE, 0);
    }

    public Kind kind() {
        return kind;
    }

    /** A stream compressing into {@code out}; closing it finishes the compressed stream and closes {@code out}. */
    OutputStream compress(OutputStream out) throws IOException {
        switch (kind) {
            case GZIP:
                if (adaptive) {
                    return new AdaptiveGzipOutputStream(out, level);
                }
                GzipParameters parameters = new GzipParameters();
                parameters.setCompressionLevel(level);
                parameters.setModificationTime(0);
                parameters.setOperatingSystem(255);
                parameters.setBufferSize(BUFFER);
                return new GzipCompressorOutputStream(out, parameters);
            case ZSTD:
                OptionalDependency.ZSTD_JNI.require("zstd compression of a layer");
                return ZstdStreams.compress(out, level);
            default:
                return out;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerCompression other && kind == other.kind && level == other.level
                && adaptive == other.adaptive;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, level, adaptive);
    }

    @Override
    public String toString() {
        return kind == Kind.NONE ? "none" : kind.name().toLowerCase(java.util.Locale.ROOT) + " level " + level
                + (adaptive ? ", incompressible chunks stored" : "");
    }
}
