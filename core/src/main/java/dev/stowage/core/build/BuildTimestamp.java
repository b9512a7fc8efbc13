package dev.stowage.core.build;

import java.time.Instant;
import java.util.Map;

/** The timestamp a reproducible build uses: {@code SOURCE_DATE_EPOCH} if set, else 1970-01-01T00:00:00Z. */
public final class BuildTimestamp {
    /** The variable's name. */
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    private BuildTimestamp() {
    }

    /**
     * @throws IllegalArgumentException if {@code SOURCE_DATE_EPOCH} is set but not a whole,
     *     non-negative number of seconds
     */
    public static Instant from(Map<String, String> environment) {
        String value = environment.get(SOURCE_DATE_EPOCH);
        if (value == null || value.isEmpty()) {
            return Instant.EPOCH;
        }
        // digits only, at most 11 (year 5138): no sign, spaces or overflow reaches Long.parseLong
        if (!value.matches("[0-9]{1,11}")) {
            throw new IllegalArgumentException(SOURCE_DATE_EPOCH + " must be a whole number of seconds since "
                    + "1970-01-01T00:00:00Z, e.g. 1700000000; got \"" + value + "\"");
        }
        return Instant.ofEpochSecond(Long.parseLong(value));
    }
}
