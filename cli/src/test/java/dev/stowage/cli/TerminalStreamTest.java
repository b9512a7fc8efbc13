package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalStreamTest {

    private static String shown(byte[]... writes) throws IOException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (OutputStream out = new TerminalStream(terminal, StandardCharsets.UTF_8)) {
            for (byte[] write : writes) {
                out.write(write);
            }
        }
        return terminal.toString(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void controlCharactersAreShownEscapedWithLineFeedsAndTabsKept() throws IOException {
        assertEquals("{\n\t\"a\": \"\\u001b[2J\\u000d\\u009b\\u202e\\u007f\"\n}",
                shown(utf8("{\n\t\"a\": \"\u001b[2J\r\u009b\u202e\u007f\"\n}")));
    }

    @Test
    void aCharacterSplitAcrossWritesIsStillRecognised() throws IOException {
        byte[] csi = utf8("\u009b");
        byte[] override = utf8("\u202e");

        assertEquals("a\\u009bb\\u202ec", shown(utf8("a"), new byte[] {csi[0]}, new byte[] {csi[1]}, utf8("b"),
                new byte[] {override[0], override[1]}, new byte[] {override[2]}, utf8("c")));
    }

    @Test
    void printableTextLongerThanTheBufferPassesUnchanged() throws IOException {
        String text = "ünïcödé 日本語 ".repeat(2_000);

        assertEquals(text, shown(utf8(text)));
    }

    @Test
    void malformedBytesShowAsReplacementCharacters() throws IOException {
        assertEquals("a\ufffdb\ufffd", shown(new byte[] {'a', (byte) 0x9b, 'b', (byte) 0xe2, (byte) 0x80}));
    }

    @Test
    void writingOneByteAtATimeShowsTheSame() throws IOException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (OutputStream out = new TerminalStream(terminal, StandardCharsets.UTF_8)) {
            for (byte b : utf8("x\u001b\u2066y")) {
                out.write(b);
            }
        }

        assertEquals("x\\u001b\\u2066y", terminal.toString(StandardCharsets.UTF_8));
    }
}
