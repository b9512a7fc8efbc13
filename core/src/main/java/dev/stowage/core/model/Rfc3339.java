package dev.stowage.core.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3339 date-times as Go's {@code time.Time} reads and writes them in JSON, which is how
 * docker, buildkit and every other Go tool fill the {@code created} fields of image configs.
 *
 * <p>Reading follows Go's strict parser rather than the looser ISO-8601 readers of the JDK:
 * upper-case {@code T} and {@code Z} only, two-digit fields, no leap second, any number of
 * fraction digits (beyond nanoseconds they are cut off, as Go does), and any offset up to
 * {@code ±23:59} (which {@link ZoneOffset} alone could not represent).
 */
final class Rfc3339 {
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:Z|([+-])(\\d{2}):(\\d{2}))");

    private Rfc3339() {
    }

    /** The instant {@code text} denotes, or empty when it is not an RFC 3339 date-time. */
    static Optional<Instant> parse(String text) {
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        int nanos = m.group(7) == null ? 0 : nanos(m.group(7));
        int offsetSeconds = 0;
        if (m.group(8) != null) {
            int offsetHours = Integer.parseInt(m.group(9));
            int offsetMinutes = Integer.parseInt(m.group(10));
            if (offsetHours > 23 || offsetMinutes > 59) {
                return Optional.empty();
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (m.group(8).equals("-") ? -1 : 1);
        }
        try {
            // LocalDateTime.of checks month, day-of-month (leap years included), hour, minute, second
            long local = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
            return Optional.of(Instant.ofEpochSecond(local - offsetSeconds, nanos));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int nanos(String fraction) {
        String nine = fraction.length() >= 9 ? fraction.substring(0, 9) : fraction + "0".repeat(9 - fraction.length());
        return Integer.parseInt(nine);
    }

    /**
     * {@code instant} in UTC the way Go writes it: {@code 2024-01-02T03:04:05Z}, with a fraction
     * only when there are nanoseconds, and without its trailing zeros.
     *
     * @throws IllegalArgumentException if the year is outside 0000–9999, which RFC 3339 cannot express
     */
    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("cannot write " + instant + " as an RFC 3339 date-time: year outside 0000-9999");
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        if (instant.getNano() != 0) {
            String fraction = String.format(Locale.ROOT, "%09d", instant.getNano());
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(fraction, 0, end);
        }
        return s.append('Z').toString();
    }
}
