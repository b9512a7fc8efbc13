package dev.stowage.core.build.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Durations written as Go writes and reads them ({@code 30s}, {@code 1m30s}, {@code 1.5h},
 * {@code 500ms}): the form {@code HEALTHCHECK --interval} takes and BuildKit's history shows.
 */
final class GoDuration {
    private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** @throws IllegalArgumentException if the text is not a Go duration */
    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            Long scale = UNITS.get(unit);
            if (number.isEmpty() || number.equals(".") || number.chars().filter(c -> c == '.').count() > 1) {
                throw invalid(text);
            }
            if (scale == null) {
                throw new IllegalArgumentException(unit.isEmpty() ? "missing unit in duration \"" + text + "\""
                        : "unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(scale)));
        }
        long n = nanos.longValue();
        return Duration.ofNanos(negative ? -n : n);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\" (e.g. 30s, 1m30s, 500ms)");
    }

    /** Go's Duration.String(): {@code 0s}, {@code 1.5s}, {@code 1m30s}, {@code 2h0m0s}, {@code 500ms}. */
    static String format(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        String sign = n < 0 ? "-" : "";
        long u = Math.abs(n);
        if (u < 1_000_000_000L) {
            if (u < 1_000L) {
                return sign + u + "ns";
            }
            if (u < 1_000_000L) {
                return sign + fraction(u, 1_000L) + "µs";
            }
            return sign + fraction(u, 1_000_000L) + "ms";
        }
        long hours = u / 3_600_000_000_000L;
        long rest = u % 3_600_000_000_000L;
        long minutes = rest / 60_000_000_000L;
        long seconds = rest % 60_000_000_000L;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(fraction(seconds, 1_000_000_000L)).append('s').toString();
    }

    private static String fraction(long value, long unit) {
        BigDecimal v = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
        return v.scale() <= 0 ? v.toBigInteger().toString() : v.toPlainString();
    }
}
