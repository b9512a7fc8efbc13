package dev.stowage.core.reference;

import dev.stowage.core.SafeText;
import java.util.Locale;

/**
 * The pieces of docker's reference grammar (distribution/reference {@code regexp.go}), checked by
 * hand rather than with {@link java.util.regex.Pattern}: the nested repetitions of the grammar
 * make Java's backtracking matcher recurse once per repetition, which overflows the stack on
 * long inputs. Each check returns {@code null} when the part is valid, else what is wrong.
 */
final class ReferenceGrammar {
    static final int MAX_TAG_LENGTH = 128;
    private static final int MAX_QUOTED_LENGTH = 1000;
    private static final int IMAGE_ID_LENGTH = 64;

    private ReferenceGrammar() {
    }

    /**
     * {@code domainAndPort}: a host (dot-separated components of letters, digits and inner
     * hyphens, upper case allowed; or an IPv6 address of hex digits and colons in brackets)
     * followed by an optional {@code :port} of decimal digits.
     */
    static String domainProblem(String domain) {
        String port;
        if (domain.startsWith("[")) {
            int close = domain.indexOf(']');
            if (close < 0 || close == 1 || !allMatch(domain, 1, close, ReferenceGrammar::isIpv6Char)) {
                return "an IPv6 address must be hex digits and colons inside [ ], without a zone";
            }
            port = domain.substring(close + 1);
        } else {
            int colon = domain.indexOf(':');
            String host = colon < 0 ? domain : domain.substring(0, colon);
            port = colon < 0 ? "" : domain.substring(colon);
            if (!isDomainName(host)) {
                return "host \"" + quote(host) + "\" must be dot-separated labels of letters, digits and inner hyphens";
            }
        }
        if (!port.isEmpty() && (port.length() < 2 || port.charAt(0) != ':'
                || !allMatch(port, 1, port.length(), ReferenceGrammar::isDigit))) {
            return "the port must be ':' followed by decimal digits";
        }
        return null;
    }

    private static boolean isDomainName(String host) {
        int start = 0;
        while (true) {
            int dot = host.indexOf('.', start);
            int end = dot < 0 ? host.length() : dot;
            if (!isDomainComponent(host, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    // (?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])
    private static boolean isDomainComponent(String s, int start, int end) {
        if (end <= start || s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
            return false;
        }
        return allMatch(s, start, end, c -> isAlphanumeric(c) || c == '-');
    }

    /** {@code remoteName}: one or more path components separated by single slashes. */
    static String pathProblem(String path) {
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (end == start) {
                return "repository path \"" + quote(path) + "\" has an empty component";
            }
            if (!isPathComponent(path, start, end)) {
                return "repository path component \"" + quote(path.substring(start, end))
                        + "\" must be lower-case letters and digits separated by '.', '_', '__' or dashes";
            }
            if (slash < 0) {
                return null;
            }
            start = slash + 1;
        }
    }

    /**
     * {@code [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*}: starts and ends with an alphanumeric, and
     * every run of separator characters is exactly ".", "_", "__" or only dashes.
     */
    private static boolean isPathComponent(String s, int start, int end) {
        if (!isLowerAlphanumeric(s.charAt(start)) || !isLowerAlphanumeric(s.charAt(end - 1))) {
            return false;
        }
        int i = start;
        while (i < end) {
            char c = s.charAt(i);
            if (isLowerAlphanumeric(c)) {
                i++;
                continue;
            }
            int runStart = i;
            while (i < end && !isLowerAlphanumeric(s.charAt(i))) {
                i++;
            }
            if (!isSeparator(s.substring(runStart, i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(String run) {
        return run.equals(".") || run.equals("_") || run.equals("__") || run.chars().allMatch(c -> c == '-');
    }

    /** {@code [\w][\w.-]{0,127}} with ASCII {@code \w}, as Go's regexp defines it. */
    static String tagProblem(String tag) {
        if (tag.isEmpty()) {
            return "tag is empty";
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            return "tag \"" + quote(tag) + "\" is longer than " + MAX_TAG_LENGTH + " characters";
        }
        if (!isWordChar(tag.charAt(0)) || !allMatch(tag, 1, tag.length(), c -> isWordChar(c) || c == '.' || c == '-')) {
            return "invalid character in tag \"" + quote(tag)
                    + "\": a tag is letters, digits, '_', '.' and '-', and does not start with '.' or '-'";
        }
        return null;
    }

    /** Exactly 64 lower-case hex digits: an image ID, which docker refuses as a repository name. */
    static boolean isImageId(String s) {
        return s.length() == IMAGE_ID_LENGTH
                && allMatch(s, 0, s.length(), c -> isDigit(c) || (c >= 'a' && c <= 'f'));
    }

    /** Whether lower-casing (as Go's strings.ToLower, any script) leaves {@code s} unchanged. */
    static boolean isLowerCase(String s) {
        return s.toLowerCase(Locale.ROOT).equals(s);
    }

    /**
     * {@code s} made safe to quote in a message: control characters escaped by {@link SafeText}
     * (no forged log lines) and very long inputs shortened.
     */
    static String quote(String s) {
        boolean truncated = s.length() > MAX_QUOTED_LENGTH;
        String shown = SafeText.line(truncated ? s.substring(0, MAX_QUOTED_LENGTH) : s);
        return truncated ? shown + "...(" + (s.length() - MAX_QUOTED_LENGTH) + " more characters)" : shown;
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static boolean allMatch(String s, int start, int end, CharTest test) {
        for (int i = start; i < end; i++) {
            if (!test.test(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLowerAlphanumeric(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z');
    }

    private static boolean isAlphanumeric(char c) {
        return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isWordChar(char c) {
        return isAlphanumeric(c) || c == '_';
    }

    private static boolean isIpv6Char(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
    }
}
