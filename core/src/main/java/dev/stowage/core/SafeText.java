package dev.stowage.core;

/**
 * Makes text that comes from a registry, a store or a user safe to print on a terminal: every
 * character a terminal would act on instead of showing is replaced by a backslash, {@code u} and
 * its four lower-case hex digits (the escape {@code stowage ref} has always printed), so a tag, an
 * error message or a history step cannot clear the screen, move the cursor, overwrite a line or
 * forge a line of its own, and reversed text cannot disguise what it says.
 *
 * <p>Escaped: C0 controls (U+0000–U+001F, ESC and CR among them), DEL (U+007F), C1 controls
 * (U+0080–U+009F, which some terminals read as CSI and OSC) and the Unicode bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). {@link #line} escapes tab and
 * line feed too; {@link #lines} keeps them, for text whose line breaks are its own (JSON we
 * indented). A backslash is left as it is, so escaping twice changes nothing, and the escape of a
 * character inside a JSON string is that character's JSON escape.
 *
 * <p>For example, a tag made of ESC, {@code [2J} and a line feed prints as the 15 plain
 * characters of {@code \u001b[2J\u000a} (shown here with doubled backslashes).
 */
public final class SafeText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SafeText() {
    }

    /** {@code text} for one line of output: every control character escaped, line feed and tab included; null is {@code "null"}. */
    public static String line(String text) {
        return escape(text, false);
    }

    /** {@code text} that may span lines: as {@link #line}, but line feed and tab are kept; null is {@code "null"}. */
    public static String lines(String text) {
        return escape(text, true);
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    private static String escape(String text, boolean keepLineBreaks) {
        if (text == null) {
            return "null";
        }
        int first = firstUnsafe(text, keepLineBreaks);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escapes(c, keepLineBreaks)) {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text, boolean keepLineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            if (escapes(text.charAt(i), keepLineBreaks)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean escapes(char c, boolean keepLineBreaks) {
        return isUnsafe(c) && !(keepLineBreaks && (c == '\n' || c == '\t'));
    }
}
