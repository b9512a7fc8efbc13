package dev.stowage.core.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Word processing against BuildKit's lexer cases (src/test/resources/dockerfile/envVarTest and
 * wordsTest) and the Dockerfile reference's substitution examples.
 */
class ShellLexTest {
    private static final Map<String, String> ENV = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어",
            "NULL", "");

    private static Function<String, Optional<String>> variables(Map<String, String> env) {
        return name -> Optional.ofNullable(env.get(name));
    }

    private static List<String> resource(String name) throws IOException {
        try (InputStream in = ShellLexTest.class.getResourceAsStream("/dockerfile/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    static Stream<Arguments> envVarCases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String line : resource("envVarTest")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\\|", -1);
            String platform = parts[0].strip();
            if (platform.equals("W")) {
                continue; // Windows-only cases: variable names there are case-insensitive
            }
            cases.add(Arguments.of(parts[1].strip(), parts[2].strip()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("envVarCases")
    void processWordMatchesEachReferenceCase(String source, String expected) {
        ShellLex lex = new ShellLex('\\');
        if (expected.equals("error")) {
            assertThrows(ShellLex.SubstitutionException.class, () -> lex.processWord(source, variables(ENV)));
        } else {
            assertEquals(expected, lex.processWord(source, variables(ENV)));
        }
    }

    @Test
    void processWordsMatchesEachReferenceCase() throws IOException {
        Map<String, String> env = new HashMap<>();
        int checked = 0;
        for (String line : resource("wordsTest")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                String assignment = line.substring(3).replaceFirst("^ +", "");
                int eq = assignment.indexOf('=');
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
                continue;
            }
            String[] parts = line.split("\\|", -1);
            String source = parts[0].strip();
            List<String> expected = List.of(parts[1].replaceFirst("^ +", "").split(",", -1));
            List<String> actual;
            try {
                actual = new ShellLex('\\').processWords(source, variables(env));
            } catch (ShellLex.SubstitutionException e) {
                actual = List.of("error");
            }
            assertEquals(expected, actual, "words of " + source);
            checked++;
        }
        assertTrue(checked > 20, "the cases were read");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // the Dockerfile reference's "Environment replacement" examples, with a=hello, NAME unset
            "${a:-world}|hello",
            "${NAME:-world}|world",
            "${a:+world}|world",
            "${NAME:+world}|``",
            "$a|hello",
            "${a}_x|hello_x",
            "\\$a|$a",
            "'$a'|$a",
            "\"$a\"|hello",
            // pattern modifiers (Dockerfile 1.6+)
            "${path#*/}|usr/local/bin",
            "${path##*/}|bin",
            "${path%/*}|/usr/local",
            "${path%%/*}|``",
            "${path/local/share}|/usr/share/bin",
            "${version//./-}|1-2-3",
    })
    void substitutesAsTheReferenceDescribes(String word, String expected) {
        Map<String, String> env = Map.of("a", "hello", "path", "/usr/local/bin", "version", "1.2.3");
        assertEquals(expected, new ShellLex('\\').processWord(word, variables(env)));
    }

    @Test
    void aRequiredVariableThatIsUnsetFailsWithItsMessage() {
        ShellLex.SubstitutionException e = assertThrows(ShellLex.SubstitutionException.class,
                () -> new ShellLex('\\').processWord("${VAR:?message here$ARG}", variables(Map.of("ARG", "x"))));
        assertTrue(e.getMessage().contains("VAR: message herex"), e.getMessage());
    }

    @Test
    void theBacktickEscapeTokenEscapesInsteadOfTheBackslash() {
        assertEquals("C:\\dir $x", new ShellLex('`').processWord("C:\\dir `$x", variables(Map.of("x", "1"))));
    }

    @Test
    void unsetVariablesCanBeKeptAsWritten() {
        ShellLex lex = new ShellLex('\\').skipUnsetEnv(true);
        assertEquals("$A ${B} ${C:-x} 1", lex.processWord("$A ${B} ${C:-x} $D", variables(Map.of("D", "1"))));
    }
}
