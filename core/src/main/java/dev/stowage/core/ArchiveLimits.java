package dev.stowage.core;

/**
 * What reading an archive may cost at most, so that a hostile archive is refused with a message
 * naming the bound it broke instead of filling the heap or the disk. The defaults
 * ({@link #DEFAULT}) are far above what {@code docker save}, podman and skopeo write: an image of
 * a hundred layers has a few hundred entries, each name under a hundred bytes, and its
 * {@code manifest.json} a few kilobytes.
 *
 * <pre>{@code
 * images.load(Path.of("huge-bundle.tar.gz")).limits(ArchiveLimits.DEFAULT.withMaxExpansionRatio(1000)).call();
 * }</pre>
 *
 * @param maxEntries entries in the tar (default 100,000)
 * @param maxNameLength bytes in an entry's name or link target (default 1,024)
 * @param maxExpandedBytes bytes a compressed archive may expand to (default 64 GiB)
 * @param maxExpansionRatio how many times its compressed size a compressed archive may expand to,
 *     once it has expanded past 16 MiB (default 100; gzip of real images reaches 2 to 5)
 * @param maxMetadataBytes bytes of one JSON document of the archive: {@code manifest.json},
 *     {@code index.json}, {@code repositories}, an image config (default 16 MiB)
 */
public record ArchiveLimits(int maxEntries, int maxNameLength, long maxExpandedBytes, int maxExpansionRatio,
        long maxMetadataBytes) {
    /** Output a compressed archive may reach before the ratio applies: small archives of mostly tar padding compress far better than images do. */
    public static final long RATIO_GRACE_BYTES = 16L * 1024 * 1024;

    /** The defaults. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(100_000, 1024, 64L * 1024 * 1024 * 1024, 100,
            16L * 1024 * 1024);

    /** @throws IllegalArgumentException if a bound is not positive */
    public ArchiveLimits {
        if (maxEntries < 1 || maxNameLength < 1 || maxExpandedBytes < 1 || maxExpansionRatio < 1
                || maxMetadataBytes < 1) {
            throw new IllegalArgumentException("archive limits must be positive: " + this);
        }
    }

    public ArchiveLimits withMaxEntries(int value) {
        return new ArchiveLimits(value, maxNameLength, maxExpandedBytes, maxExpansionRatio, maxMetadataBytes);
    }

    public ArchiveLimits withMaxNameLength(int value) {
        return new ArchiveLimits(maxEntries, value, maxExpandedBytes, maxExpansionRatio, maxMetadataBytes);
    }

    public ArchiveLimits withMaxExpandedBytes(long value) {
        return new ArchiveLimits(maxEntries, maxNameLength, value, maxExpansionRatio, maxMetadataBytes);
    }

    public ArchiveLimits withMaxExpansionRatio(int value) {
        return new ArchiveLimits(maxEntries, maxNameLength, maxExpandedBytes, value, maxMetadataBytes);
    }

    public ArchiveLimits withMaxMetadataBytes(long value) {
        return new ArchiveLimits(maxEntries, maxNameLength, maxExpandedBytes, maxExpansionRatio, value);
    }
}
