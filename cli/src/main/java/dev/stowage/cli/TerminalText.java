package dev.stowage.cli;

/**
 * Text from a user's files (a Dockerfile's instructions) made safe to print: control characters,
 * escape sequences included, are shown as {@code \xNN} instead of being sent to the terminal.
 */
final class TerminalText {
    private TerminalText() {
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t' || !(cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\x%02x", cp));
            }
        });
        return out.toString();
    }
}
