package dev.stowage.core.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.dockerfile.DockerfileParser.ParsedDockerfile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser against BuildKit's own parser cases (see src/test/resources/dockerfile/README.md):
 * each Dockerfile parses to the expected instructions, written in BuildKit's dump format.
 */
class DockerfileParserTest {

    static Stream<Path> cases() throws IOException, URISyntaxException {
        return directories("testfiles");
    }

    static Stream<Path> negativeCases() throws IOException, URISyntaxException {
        return directories("testfiles-negative");
    }

    private static Stream<Path> directories(String name) throws IOException, URISyntaxException {
        Path root = Path.of(DockerfileParserTest.class.getResource("/dockerfile/" + name).toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesEachReferenceCaseToTheExpectedInstructions(Path dir) throws IOException {
        String text = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", text);
        String expected = Files.readString(dir.resolve("result"), StandardCharsets.UTF_8);
        assertEquals(expected, dump(parsed.instructions()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negativeCases")
    void refusesEachReferenceNegativeCase(Path dir) throws IOException {
        String text = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
        assertThrows(InvalidDockerfileException.class, () -> DockerfileParser.parse("Dockerfile", text));
    }

    @Test
    void errorsNameTheFileTheLineAndTheInstruction() {
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class,
                () -> DockerfileParser.parse("app.Dockerfile", "FROM scratch\n\nENV ONLYKEY\n"));
        assertEquals("app.Dockerfile:3: ENV ONLYKEY: ENV must have two arguments", e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void instructionsKnowTheLinesTheySpan() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile",
                "# comment\nFROM scratch\nCOPY a \\\n  b \\\n  /c/\nCMD [\"x\"]\n");
        List<Instruction> all = parsed.instructions();
        assertEquals(List.of(2, 3, 6), all.stream().map(Instruction::startLine).toList());
        assertEquals(List.of(2, 5, 6), all.stream().map(Instruction::endLine).toList());
    }

    @Test
    void theEscapeDirectiveMakesTheBacktickTheContinuationCharacter() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile",
                "# escape=`\nFROM scratch\nCOPY a `\n  C:\\dir\\ /\n");
        assertEquals('`', parsed.escape());
        assertEquals(List.of("a", "C:\\dir\\", "/"), parsed.instructions().get(1).args());
    }

    @Test
    void aSecondEscapeDirectiveIsAnError() {
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class,
                () -> DockerfileParser.parse("Dockerfile", "# escape=`\n# escape=\\\nFROM scratch\n"));
        assertTrue(e.getMessage().contains("only one escape parser directive can be used"), e.getMessage());
    }

    @Test
    void anEscapeDirectiveAfterAnInstructionIsAComment() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", "FROM scratch\n# escape=`\nLABEL a=b`\nLABEL c=d\n");
        assertEquals('\\', parsed.escape());
        assertEquals(3, parsed.instructions().size());
    }

    @Test
    void theSyntaxDirectiveIsIgnoredWithAWarning() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", "# syntax=docker/dockerfile:1\nFROM scratch\n");
        assertEquals(1, parsed.warnings().size());
        assertTrue(parsed.warnings().get(0).contains("syntax directive (docker/dockerfile:1) is ignored"),
                parsed.warnings().get(0));
    }

    @Test
    void anEmptyContinuationLineIsSkippedWithAWarning() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", "FROM scratch\nLABEL a=b \\\n\n  c=d\n");
        assertEquals(List.of("a", "b", "=", "c", "d", "="), parsed.instructions().get(1).args());
        assertEquals(1, parsed.warnings().size());
    }

    @Test
    void aByteOrderMarkBeforeTheFirstLineIsIgnored() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", "\uFEFFFROM scratch\n");
        assertEquals("FROM", parsed.instructions().get(0).name());
    }

    @Test
    void aHeredocHoldsTheLinesUpToItsTerminator() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile",
                "FROM scratch\nCOPY <<EOF /app/greeting.txt\nhello $NAME\nworld\nEOF\nENV A=1\n");
        Instruction copy = parsed.instructions().get(1);
        assertEquals(List.of(new Heredoc("EOF", "hello $NAME\nworld\n", true, false)), copy.heredocs());
        assertEquals(2, copy.startLine());
        assertEquals(5, copy.endLine());
        assertEquals("ENV", parsed.instructions().get(2).name());
    }

    @Test
    void aQuotedHeredocWordTurnsExpansionOff() {
        Instruction copy = DockerfileParser.parse("Dockerfile",
                "FROM scratch\nCOPY <<\"EOF\" /a\n$X\nEOF\n").instructions().get(1);
        assertEquals(new Heredoc("EOF", "$X\n", false, false), copy.heredocs().get(0));
    }

    @Test
    void aDashHeredocStripsLeadingTabsAndMayIndentItsTerminator() {
        Instruction copy = DockerfileParser.parse("Dockerfile",
                "FROM scratch\nCOPY <<-EOF /a\n\t\tindented\n\tEOF\n").instructions().get(1);
        Heredoc doc = copy.heredocs().get(0);
        assertTrue(doc.chomp());
        assertEquals("indented\n", doc.body());
    }

    @Test
    void twoHeredocsOnOneLineAreReadOneAfterTheOther() {
        Instruction copy = DockerfileParser.parse("Dockerfile",
                "FROM scratch\nCOPY <<FILE1 <<FILE2 /dest/\none\nFILE1\ntwo\nFILE2\n").instructions().get(1);
        assertEquals(List.of("FILE1", "FILE2"), copy.heredocs().stream().map(Heredoc::name).toList());
        assertEquals(List.of("one\n", "two\n"), copy.heredocs().stream().map(Heredoc::content).toList());
    }

    @Test
    void anUnterminatedHeredocIsAnError() {
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class,
                () -> DockerfileParser.parse("Dockerfile", "FROM scratch\nCOPY <<EOF /a\ntext\n"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("unterminated heredoc"), e.getMessage());
    }

    @Test
    void aJsonFormCannotOpenAHeredoc() {
        Instruction copy = DockerfileParser.parse("Dockerfile", "FROM scratch\nCOPY [\"<<EOF\", \"/a\"]\n")
                .instructions().get(1);
        assertEquals(List.of(), copy.heredocs());
    }

    @Test
    void aFileWithOnlyCommentsHasNoInstructions() {
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class,
                () -> DockerfileParser.parse("Dockerfile", "# nothing\n\n"));
        assertTrue(e.getMessage().contains("no instructions"), e.getMessage());
    }

    /** BuildKit's AST dump: one parenthesised line per instruction, Go-quoted strings. */
    static String dump(List<Instruction> instructions) {
        return instructions.stream().map(i -> "(" + dump(i) + ")\n").collect(Collectors.joining());
    }

    private static String dump(Instruction i) {
        StringBuilder s = new StringBuilder(i.keyword().toLowerCase(Locale.ROOT));
        if (!i.flags().isEmpty()) {
            s.append(" [").append(i.flags().stream().map(GoQuote::quote).collect(Collectors.joining(" "))).append(']');
        }
        i.child().ifPresent(c -> s.append(" (").append(dump(c)).append(')'));
        for (String arg : i.args()) {
            s.append(' ').append(GoQuote.quote(arg));
        }
        return s.toString().strip();
    }
}
