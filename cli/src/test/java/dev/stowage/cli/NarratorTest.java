package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class NarratorTest {
    @Test
    void plainWordsAreShownUnquoted() {
        assertEquals("stowage images --filter reference=demo/app",
                Narrator.commandLine(List.of("images", "--filter", "reference=demo/app")));
    }

    @Test
    void wordsAShellWouldSplitOrExpandAreSingleQuoted() {
        assertEquals("stowage inspect --format '{{.Id}} {{.Architecture}}' app",
                Narrator.commandLine(List.of("inspect", "--format", "{{.Id}} {{.Architecture}}", "app")));
    }

    @Test
    void aSingleQuoteInsideAWordIsEscapedForTheShell() {
        assertEquals("stowage ref 'it'\\''s'", Narrator.commandLine(List.of("ref", "it's")));
    }

    @Test
    void stepsAreSeparatedByABlankLineAndOutcomesMarked() {
        StringWriter text = new StringWriter();
        Narrator narrator = new Narrator(new PrintWriter(text));

        narrator.step("List", List.of("images"));
        narrator.step("Push");
        narrator.outcome("3 blobs uploaded");

        assertEquals("==> List: stowage images\n\n==> Push\n--> 3 blobs uploaded\n", text.toString().replace(System.lineSeparator(), "\n"));
    }
}
