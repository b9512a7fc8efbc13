package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void escapeSequenceIsShownNotActedOn() {
        assertEquals("\\u001b[2J\\u001b]0;title\\u0007", SafeText.line("\u001b[2J\u001b]0;title\u0007"));
    }

    @Test
    void everyC0ControlIsEscapedOnALine() {
        for (char c = 0; c < 0x20; c++) {
            assertEquals(String.format("a\\u%04xb", (int) c), SafeText.line("a" + c + "b"));
        }
    }

    @Test
    void carriageReturnAndLineFeedCannotStartAForgedLine() {
        assertEquals("1.0\\u000d\\u000astowage: login succeeded", SafeText.line("1.0\r\nstowage: login succeeded"));
    }

    @Test
    void deleteIsEscaped() {
        assertEquals("a\\u007fb", SafeText.line("a\u007fb"));
    }

    @Test
    void everyC1ControlIsEscaped() {
        for (char c = 0x80; c <= 0x9f; c++) {
            assertEquals(String.format("\\u%04x[2J", (int) c), SafeText.line(c + "[2J"));
        }
    }

    @Test
    void bidiEmbeddingsOverridesAndIsolatesAreEscaped() {
        String bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069";
        assertEquals("exe.\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069txt", SafeText.line("exe." + bidi + "txt"));
    }

    @Test
    void printableTextIsReturnedUnchanged() {
        String text = "ghcr.io/org/app:1.2 — ünïcödé, 日本語, emoji \uD83D\uDE00, NBSP\u00a0, U+2028\u2028, tilde ~";
        assertSame(text, SafeText.line(text));
    }

    @Test
    void charactersBesideTheEscapedRangesAreKept() {
        assertEquals("\u00a0\u2029\u202f\u2065\u206a", SafeText.line("\u00a0\u2029\u202f\u2065\u206a"));
    }

    @Test
    void linesKeepsLineFeedsAndTabsButEscapesTheRest() {
        assertEquals("{\n\t\"a\": \"\\u001b[31m\\u000d\\u009b\\u202e\"\n}", SafeText.lines("{\n\t\"a\": \"\u001b[31m\r\u009b\u202e\"\n}"));
    }

    @Test
    void escapingTwiceChangesNothing() {
        String once = SafeText.line("a\u001bb\nc\\u001b");
        assertEquals(once, SafeText.line(once));
    }

    @Test
    void escapesInsideJsonStringsAreTheCharactersJsonEscapes() throws Exception {
        String hostile = "\u007f\u009b\u202e\u2069";
        String json = SafeText.lines(new ObjectMapper().writeValueAsString(hostile));
        assertEquals("\"\\u007f\\u009b\\u202e\\u2069\"", json);
        assertEquals(hostile, new ObjectMapper().readValue(json, String.class));
    }

    @Test
    void nullPrintsAsNull() {
        assertEquals("null", SafeText.line(null));
    }
}
