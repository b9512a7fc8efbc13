package dev.stowage.core.build;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Metadata of one layer entry. Anything not set takes the reproducible default: permissions
 * {@code 0644} for files, {@code 0755} for directories, {@code 0777} for symlinks; owner
 * {@code 0:0}; modification time the build timestamp ({@code SOURCE_DATE_EPOCH}, else 1970-01-01).
 *
 * <pre>{@code
 * EntryAttributes.defaults().withMode(0755).withOwner(1000, 1000)
 * }</pre>
 *
 * @param mode permission bits, including setuid, setgid and sticky ({@code 0} to {@code 07777})
 * @param modified modification time; written to whole seconds
 */
public record EntryAttributes(OptionalInt mode, long uid, long gid, Optional<Instant> modified) {
    private static final EntryAttributes DEFAULTS = new EntryAttributes(OptionalInt.empty(), 0, 0, Optional.empty());

    /**
     * @throws IllegalArgumentException if the mode has bits outside {@code 07777} or an id is negative
     */
    public EntryAttributes {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(modified, "modified");
        mode.ifPresent(m -> {
            if ((m & ~07777) != 0) {
                throw new IllegalArgumentException("entry mode must be permission bits 0 to 07777, got 0"
                        + Integer.toOctalString(m));
            }
        });
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("entry owner ids must not be negative, got " + uid + ":" + gid);
        }
    }

    /** Nothing set: every attribute takes its default. */
    public static EntryAttributes defaults() {
        return DEFAULTS;
    }

    public EntryAttributes withMode(int mode) {
        return new EntryAttributes(OptionalInt.of(mode), uid, gid, modified);
    }

    public EntryAttributes withOwner(long uid, long gid) {
        return new EntryAttributes(mode, uid, gid, modified);
    }

    public EntryAttributes withModified(Instant modified) {
        return new EntryAttributes(mode, uid, gid, Optional.of(modified));
    }
}
