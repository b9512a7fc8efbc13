package dev.stowage.testkit;

import java.util.Locale;

/**
 * Follows the HTTP/1.1 messages in one direction of a connection as bytes pass, without
 * buffering bodies: where each message's head ends, how long its body is ({@code Content-Length},
 * {@code chunked}, or until the connection closes) and where the next message starts. A stream
 * that stops looking like HTTP is given up on (then only bytes are counted).
 */
final class HttpFraming {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_LINE = 8 * 1024;

    /** What the framing reports. */
    interface Listener {
        /**
         * A message head was read.
         *
         * @return how the body is delimited, as decided from the head (responses need the request's method)
         */
        Body onHead(String startLine, String headers);

        /** {@code n} bytes of the current message's body passed (chunk framing not counted). */
        void onBody(long n);

        /** The current message, body included, ended. */
        void onEnd();
    }

    /** How a body is delimited. */
    record Body(Kind kind, long length) {
        static final Body NONE = new Body(Kind.FIXED, 0);
        static final Body CHUNKED = new Body(Kind.CHUNKED, -1);
        static final Body UNTIL_CLOSE = new Body(Kind.UNTIL_CLOSE, -1);

        static Body fixed(long length) {
            return new Body(Kind.FIXED, length);
        }

        /** The body a head announces with {@code Transfer-Encoding: chunked} or {@code Content-Length}. */
        static Body declared(String headers, Body otherwise) {
            String chunked = header(headers, "transfer-encoding");
            if (chunked != null && chunked.toLowerCase(Locale.ROOT).contains("chunked")) {
                return CHUNKED;
            }
            String length = header(headers, "content-length");
            if (length != null) {
                try {
                    return fixed(Long.parseLong(length.trim()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return otherwise;
        }
    }

    enum Kind { FIXED, CHUNKED, UNTIL_CLOSE }

    private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILER, UNTIL_CLOSE, OPAQUE }

    private final Listener listener;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private State state = State.HEAD;
    private long remaining;

    HttpFraming(Listener listener) {
        this.listener = listener;
    }

    /** Whether the stream stopped looking like HTTP/1.1. */
    boolean opaque() {
        return state == State.OPAQUE;
    }

    void feed(byte[] buf, int off, int len) {
        process(buf, off, len);
    }

    /**
     * How many of these bytes, once fed, end with the end of a message head: the count up to
     * and including the head's blank line when one ends within them, else {@code len}. Nothing
     * is consumed, so a caller can decide about a message (from its head) before any byte after
     * the head passes.
     */
    int untilHeadEnd(byte[] buf, int off, int len) {
        if (state != State.HEAD) {
            return len;
        }
        int size = head.length();
        boolean content = !head.toString().isBlank();
        char c1 = size >= 1 ? head.charAt(size - 1) : 0;
        char c2 = size >= 2 ? head.charAt(size - 2) : 0;
        char c3 = size >= 3 ? head.charAt(size - 3) : 0;
        for (int i = 0; i < len; i++) {
            char c = (char) (buf[off + i] & 0xff);
            if (++size > MAX_HEAD || isControl(c)) {
                return len; // no head after all: the stream turns opaque
            }
            content |= !Character.isWhitespace(c);
            boolean blankLine = c == '\n' && (c1 == '\n' || c1 == '\r' && c2 == '\n' && c3 == '\r');
            if (blankLine && content) {
                return i + 1;
            }
            if (blankLine) { // stray line ends between messages: feed() starts the head afresh
                size = 0;
                c1 = c2 = 0;
                c = 0;
            }
            c3 = c2;
            c2 = c1;
            c1 = c;
        }
        return len;
    }

    /** Whether the stream is between messages or inside a head: no body byte is due. */
    boolean inHead() {
        return state == State.HEAD;
    }

    private void process(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && state != State.OPAQUE) {
            switch (state) {
                case HEAD -> {
                    char c = (char) (buf[i++] & 0xff);
                    head.append(c);
                    if (head.length() > MAX_HEAD || isControl(c)) {
                        state = State.OPAQUE;
                    } else if (c == '\n' && endsWithBlankLine(head)) {
                        headEnded();
                    }
                }
                case FIXED, CHUNK_DATA, UNTIL_CLOSE -> {
                    int n = state == State.UNTIL_CLOSE ? end - i : (int) Math.min(remaining, end - i);
                    listener.onBody(n);
                    i += n;
                    remaining -= n;
                    if (state == State.FIXED && remaining == 0) {
                        messageEnded();
                    } else if (state == State.CHUNK_DATA && remaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                }
                case CHUNK_SIZE, CHUNK_DATA_END, TRAILER -> {
                    char c = (char) (buf[i++] & 0xff);
                    if (c != '\n') {
                        line.append(c);
                        if (line.length() > MAX_LINE) {
                            state = State.OPAQUE;
                        }
                        continue;
                    }
                    String text = line.toString().trim();
                    line.setLength(0);
                    lineEnded(text);
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** The connection closed: a body delimited by the close ends here. */
    void close() {
        if (state == State.UNTIL_CLOSE) {
            messageEnded();
        }
    }

    private void headEnded() {
        String text = head.toString();
        head.setLength(0);
        String trimmed = text.stripLeading(); // tolerate a stray CRLF between messages
        if (trimmed.isEmpty()) {
            return;
        }
        int eol = trimmed.indexOf('\n');
        String startLine = trimmed.substring(0, eol).trim();
        if (!startLine.contains("HTTP/1.")) {
            state = State.OPAQUE;
            return;
        }
        Body body = listener.onHead(startLine, trimmed.substring(eol + 1));
        if (body == null) {
            state = State.OPAQUE;
        } else if (body.kind() == Kind.CHUNKED) {
            state = State.CHUNK_SIZE;
        } else if (body.kind() == Kind.UNTIL_CLOSE) {
            state = State.UNTIL_CLOSE;
        } else if (body.length() == 0) {
            messageEnded();
        } else {
            remaining = body.length();
            state = State.FIXED;
        }
    }

    private void lineEnded(String text) {
        switch (state) {
            case CHUNK_SIZE -> {
                int ext = text.indexOf(';');
                try {
                    remaining = Long.parseLong(ext < 0 ? text : text.substring(0, ext).trim(), 16);
                } catch (NumberFormatException e) {
                    state = State.OPAQUE;
                    return;
                }
                state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
            }
            case CHUNK_DATA_END -> state = State.CHUNK_SIZE;
            case TRAILER -> {
                if (text.isEmpty()) {
                    messageEnded();
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void messageEnded() {
        state = State.HEAD;
        listener.onEnd();
    }

    /**
     * A byte no HTTP/1.1 head holds (only text, tabs and line ends): the stream is something else,
     * such as a TLS handshake, and is known not to be HTTP from its first byte.
     */
    private static boolean isControl(char c) {
        return c < 0x20 && c != '\r' && c != '\n' && c != '\t' || c == 0x7f;
    }

    private static boolean endsWithBlankLine(StringBuilder s) {
        int n = s.length();
        return n >= 2 && s.charAt(n - 2) == '\n'
                || n >= 4 && s.charAt(n - 2) == '\r' && s.charAt(n - 3) == '\n' && s.charAt(n - 4) == '\r';
    }

    /** The value of a header in a head's header block, or null. */
    static String header(String headers, String name) {
        for (String h : headers.split("\n")) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
