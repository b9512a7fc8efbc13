package dev.stowage.core.build.dockerfile;

import java.util.regex.Pattern;

/**
 * Go's {@code filepath.Match} patterns, which {@code COPY} and {@code ADD} sources use per path
 * component: {@code *} any run of characters but {@code /}, {@code ?} one such character,
 * {@code [a-z]} and {@code [^a-z]} classes, {@code \} escapes.
 */
final class GoGlob {
    private GoGlob() {
    }

    /** Whether the text holds a wildcard ({@code * ? [}) not escaped. */
    static boolean hasWildcards(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /**
     * The pattern as a regular expression matching a whole name.
     *
     * @throws IllegalArgumentException for a malformed pattern (an unclosed class, a trailing escape)
     */
    static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i++);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '\\' -> {
                    if (i >= pattern.length()) {
                        throw bad(pattern);
                    }
                    regex.append(Pattern.quote(String.valueOf(pattern.charAt(i++))));
                }
                case '[' -> {
                    StringBuilder cls = new StringBuilder("[");
                    if (i < pattern.length() && pattern.charAt(i) == '^') {
                        cls.append('^');
                        i++;
                    }
                    boolean closed = false;
                    boolean first = true;
                    while (i < pattern.length()) {
                        char k = pattern.charAt(i++);
                        if (k == ']' && !first) {
                            closed = true;
                            break;
                        }
                        first = false;
                        if (k == '\\') {
                            if (i >= pattern.length()) {
                                throw bad(pattern);
                            }
                            k = pattern.charAt(i++);
                        }
                        if (k == '-' && cls.length() > 1 && i < pattern.length() && pattern.charAt(i) != ']') {
                            cls.append('-');
                            continue;
                        }
                        cls.append(Character.isLetterOrDigit(k) ? String.valueOf(k) : "\\" + k);
                    }
                    if (!closed) {
                        throw bad(pattern);
                    }
                    regex.append(cls.append(']')); // names matched never hold a /
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static IllegalArgumentException bad(String pattern) {
        return new IllegalArgumentException("syntax error in pattern " + pattern);
    }
}
