package dev.stowage.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Sizes and ages exactly as docker prints them (its {@code go-units} package): decimal units
 * ({@code 7.05MB}, {@code 1.2GB}, {@code 0B}) with Go's {@code %g} rounding, and
 * {@code 2 weeks}, {@code About an hour}.
 */
final class HumanUnits {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private HumanUnits() {
    }

    /** go-units {@code HumanSizeWithPrecision(size, 3)}: what {@code docker images} and {@code history} print. */
    static String size(long bytes) {
        return size(bytes, 3);
    }

    /** go-units {@code HumanSize(size)} (precision 4): what {@code system df} and {@code prune} print. */
    static String sizePrecise(long bytes) {
        return size(bytes, 4);
    }

    private static String size(long bytes, int precision) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < DECIMAL.length - 1) {
            size /= 1000;
            unit++;
        }
        return goG(size, precision) + DECIMAL[unit];
    }

    /** Go's {@code fmt.Sprintf("%.*g", precision, value)} for a non-negative value. */
    static String goG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            return mantissa + (exponent < 0 ? "e-" : "e+") + String.format("%02d", Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** go-units {@code HumanDuration}. */
    static String duration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = (long) (d.getSeconds() / 3600.0 + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }
}
