package dev.stowage.cli;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code until=} filter value as docker does: a Go duration counted back from now
 * ({@code 24h}, {@code 1h30m}, {@code 90s}), an RFC 3339 timestamp with or without zone
 * ({@code 2024-01-02T15:04:05Z}, {@code 2024-01-02T15:04}; no zone means local time), a date
 * ({@code 2024-01-02}), or Unix seconds ({@code 1704067200}, {@code 1704067200.5}).
 */
final class DockerTimestamps {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d{1,9})?");

    private DockerTimestamps() {
    }

    /** @throws IllegalArgumentException naming the value if it is none of these forms */
    static Instant parse(String value, Instant now, ZoneId zone) {
        Duration d = goDuration(value);
        if (d != null) {
            return now.minus(d);
        }
        try {
            if (value.contains("T")) {
                if (value.matches(".*([zZ]|[+-]\\d\\d:\\d\\d)$")) {
                    return OffsetDateTime.parse(value.toUpperCase()).toInstant();
                }
                String full = value.length() == 13 ? value + ":00" : value;
                return LocalDateTime.parse(full).atZone(zone).toInstant();
            }
            if (value.contains("-")) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
        } catch (DateTimeException e) {
            throw invalid(value);
        }
        if (UNIX.matcher(value).matches()) {
            BigDecimal seconds = new BigDecimal(value);
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        throw invalid(value);
    }

    /** A Go {@code time.ParseDuration} value, or null if {@code value} is not one ("0" alone is not, as for docker). */
    private static Duration goDuration(String value) {
        if (value.isEmpty() || value.equals("0")) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(value);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < value.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            BigDecimal unit = switch (m.group(2)) {
                case "ns" -> BigDecimal.ONE;
                case "us", "µs" -> BigDecimal.valueOf(1_000L);
                case "ms" -> BigDecimal.valueOf(1_000_000L);
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                default -> BigDecimal.valueOf(3_600_000_000_000L);
            };
            nanos = nanos.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1)).multiply(unit));
            at = m.end();
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("invalid value for 'until' filter: \"" + value
                + "\" is neither a duration (24h, 90m) nor a timestamp (2024-01-02, 2024-01-02T15:04:05Z, Unix seconds)");
    }
}
