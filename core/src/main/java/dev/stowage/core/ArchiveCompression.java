package dev.stowage.core;

/**
 * Whether {@code ImageManager.save} compresses the archive as a whole. Loading detects the
 * compression by its first bytes, so an archive compressed here (or piped through
 * {@code gzip}) loads as it is.
 */
public enum ArchiveCompression {
    /** A plain tar: what {@code docker save} writes. */
    NONE,
    /** gzip ({@code .tar.gz}), as {@code docker save | gzip}. */
    GZIP,
    /** Zstandard ({@code .tar.zst}). */
    ZSTD;

    /**
     * The compression named {@code name}: {@code gzip}, {@code zstd} or {@code none}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static ArchiveCompression of(String name) {
        return switch (name) {
            case "gzip" -> GZIP;
            case "zstd" -> ZSTD;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown compression \"" + name + "\": use gzip or zstd");
        };
    }
}
