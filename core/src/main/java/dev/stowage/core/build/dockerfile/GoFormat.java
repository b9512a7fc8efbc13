package dev.stowage.core.build.dockerfile;

import dev.stowage.core.model.Healthcheck;
import java.util.List;
import java.util.stream.Collectors;

/** The Go formatting BuildKit's history entries use ({@code %q} and {@code %v} of lists, {@code %+v} of a health check). */
final class GoFormat {
    private GoFormat() {
    }

    /** {@code %q} of a string slice: {@code ["java" "-jar" "app.jar"]}. */
    static String quotedList(List<String> values) {
        return values.stream().map(GoFormat::quote).collect(Collectors.joining(" ", "[", "]"));
    }

    /** {@code %v} of a string slice: {@code [/bin/sh -c]}. */
    static String list(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    /** {@code %+v} of docker's HealthcheckConfig. */
    static String healthcheck(Healthcheck h) {
        return "{Test:" + list(h.test()) + " Interval:" + GoDuration.format(h.interval()) + " Timeout:"
                + GoDuration.format(h.timeout()) + " StartPeriod:" + GoDuration.format(h.startPeriod())
                + " StartInterval:" + GoDuration.format(h.startInterval()) + " Retries:" + h.retries() + "}";
    }

    /** Go's strconv.Quote for the characters Dockerfiles hold. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp < ' ' || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
