package dev.stowage.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads an RFC 8288 {@code Link} header value for the target of {@code rel="next"}, the way
 * registries paginate: {@code <url>; rel="next"}, possibly among other links and parameters. One
 * pass over the text, so a header of hundreds of kilobytes, as a hostile registry may send, costs
 * no more than reading it (the regular expression this replaced backtracked quadratically on
 * {@code <a>;<a>;…}).
 */
final class LinkHeader {
    private LinkHeader() {
    }

    /** The target of the first link with relation {@code next} whose target is not empty, as written. */
    static Optional<String> next(String value) {
        int at = 0;
        while (at < value.length()) {
            int open = value.indexOf('<', at);
            if (open < 0) {
                return Optional.empty();
            }
            int close = value.indexOf('>', open + 1);
            if (close < 0) {
                return Optional.empty();
            }
            int end = endOfLink(value, close + 1);
            if (close > open + 1 && isNext(value.substring(close + 1, end))) {
                return Optional.of(value.substring(open + 1, close));
            }
            at = end + 1;
        }
        return Optional.empty();
    }

    /** The index of the comma that ends the link's parameters (outside quotes), or the end of the value. */
    private static int endOfLink(String value, int from) {
        boolean quoted = false;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return value.length();
    }

    /** Whether {@code ; a=b; rel="next prev"} names the relation {@code next}. */
    private static boolean isNext(String parameters) {
        for (String parameter : parameters.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals < 0 || !parameter.substring(0, equals).strip().equalsIgnoreCase("rel")) {
                continue;
            }
            String relations = parameter.substring(equals + 1).strip();
            if (relations.length() >= 2 && relations.startsWith("\"") && relations.endsWith("\"")) {
                relations = relations.substring(1, relations.length() - 1);
            }
            for (String relation : relations.strip().split("\\s+")) {
                if (relation.toLowerCase(Locale.ROOT).equals("next")) {
                    return true;
                }
            }
        }
        return false;
    }
}
