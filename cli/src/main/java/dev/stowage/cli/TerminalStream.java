package dev.stowage.cli;

import dev.stowage.core.SafeText;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Standard output for commands that print bytes exactly as a registry serves them ({@code
 * manifest}, {@code blob}). To a pipe or a file the bytes go unchanged, so {@code | sha256sum}
 * still gives the digest. To a terminal they are shown, not obeyed: read as UTF-8 (a malformed
 * sequence shows as U+FFFD), escaped by {@link SafeText#lines} (line feeds and tabs kept) and
 * written in the terminal's charset, so a hostile manifest cannot clear the screen or rewrite
 * lines. Standard output counts as a terminal when {@link System#console()} says so, as for the
 * progress bars of {@code pull} and {@code push}.
 */
final class TerminalStream extends OutputStream {
    private static final int BUFFER = 8192;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    private final Writer terminal;

    TerminalStream(OutputStream terminal, Charset charset) {
        this.terminal = new OutputStreamWriter(terminal, charset);
    }

    /**
     * Standard output, unbuffered and failing loudly on a write error (unlike {@code System.out},
     * which would let {@code > /dev/full} exit 0); escaped when it is a terminal. Close it to
     * write what is still held (standard output itself stays open).
     */
    static OutputStream standardOutput() {
        System.out.flush();
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        Console console = System.console();
        return console == null ? out : new TerminalStream(out, console.charset());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, bytes.remaining());
            bytes.put(b, off, n);
            off += n;
            len -= n;
            decode(false);
        }
    }

    private void decode(boolean endOfInput) throws IOException {
        bytes.flip();
        while (decoder.decode(bytes, chars, endOfInput).isOverflow()) {
            show();
        }
        bytes.compact();
        show();
    }

    private void show() throws IOException {
        chars.flip();
        terminal.write(SafeText.lines(chars.toString()));
        chars.clear();
    }

    @Override
    public void flush() throws IOException {
        terminal.flush();
    }

    /** Shows what is still held (an incomplete sequence as U+FFFD) and flushes; the terminal stays open. */
    @Override
    public void close() throws IOException {
        decode(true);
        while (decoder.flush(chars).isOverflow()) {
            show();
        }
        show();
        terminal.flush();
    }
}
