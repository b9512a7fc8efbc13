package dev.stowage.core.image;

import dev.stowage.core.reference.ImageReference;
import java.util.regex.Pattern;

/**
 * A {@code reference=} filter as docker applies it: Go's {@code path.Match} glob ({@code *} any
 * run of characters but {@code /}, {@code ?} one character but {@code /}, {@code [a-z]},
 * {@code [^a]}, {@code \} escapes) tried on the familiar string ({@code nginx:1.21}) and then on
 * the familiar name ({@code nginx}). So {@code reg.example.com/*} matches
 * {@code reg.example.com/app} but not {@code reg.example.com/team/app}.
 */
public final class ReferencePattern {
    private final String source;
    private final Pattern regex;

    private ReferencePattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    /**
     * @throws IllegalArgumentException if the pattern is malformed (an unclosed {@code [}, an
     *     empty class, a trailing {@code \})
     */
    public static ReferencePattern parse(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("reference filter is null");
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i >= pattern.length()) {
                        throw bad(pattern, "it ends with an escape character");
                    }
                    int escaped = pattern.codePointAt(i);
                    i += Character.charCount(escaped);
                    re.append(literal(escaped));
                }
                case '[' -> i = characterClass(pattern, i, re);
                default -> re.append(literal(c));
            }
        }
        return new ReferencePattern(pattern, Pattern.compile(re.toString()));
    }

    /** Translates a class starting after its {@code [}; returns the index after its {@code ]}. */
    private static int characterClass(String pattern, int start, StringBuilder re) {
        int i = start;
        re.append('[');
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            re.append('^');
            i++;
        }
        boolean empty = true;
        while (true) {
            if (i >= pattern.length()) {
                throw bad(pattern, "a character class is not closed with ]");
            }
            if (pattern.charAt(i) == ']' && !empty) {
                re.append(']');
                return i + 1;
            }
            int[] lo = classChar(pattern, i);
            i = lo[1];
            re.append(literal(lo[0]));
            if (i < pattern.length() && pattern.charAt(i) == '-') {
                int[] hi = classChar(pattern, i + 1);
                if (hi[0] < lo[0]) {
                    throw bad(pattern, "a character range is reversed");
                }
                i = hi[1];
                re.append('-').append(literal(hi[0]));
            }
            empty = false;
        }
    }

    /** One character of a class, escaped or not: {code point, next index}. */
    private static int[] classChar(String pattern, int i) {
        if (i >= pattern.length()) {
            throw bad(pattern, "a character class is not closed with ]");
        }
        int c = pattern.codePointAt(i);
        if (c == ']' || c == '-') {
            throw bad(pattern, "'" + (char) c + "' must be escaped inside a character class");
        }
        if (c == '\\') {
            i++;
            if (i >= pattern.length()) {
                throw bad(pattern, "it ends with an escape character");
            }
            c = pattern.codePointAt(i);
        }
        return new int[] {c, i + Character.charCount(c)};
    }

    private static String literal(int codePoint) {
        return "\\x{" + Integer.toHexString(codePoint) + "}";
    }

    private static IllegalArgumentException bad(String pattern, String why) {
        return new IllegalArgumentException("invalid reference filter \"" + pattern + "\": " + why
                + " (docker glob syntax: *, ?, [a-z], [^a], \\ to escape)");
    }

    /** Whether the reference matches, as docker's {@code reference.FamiliarMatch}. */
    public boolean matches(ImageReference reference) {
        return regex.matcher(reference.familiar()).matches() || regex.matcher(reference.familiarName()).matches();
    }

    @Override
    public String toString() {
        return source;
    }
}
