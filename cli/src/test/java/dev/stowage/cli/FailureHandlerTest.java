package dev.stowage.cli;

import static dev.stowage.cli.FailureHandler.BAD_INPUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.StowageException;
import dev.stowage.core.UnauthorizedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine;

class FailureHandlerTest {

    @Test
    void operationalFailureIsOneLineAndExits1() {
        Outcome outcome = run(new StowageException("registry 127.0.0.1:5000 refused the push"), false);

        assertEquals(1, outcome.exitCode());
        assertEquals("stowage: registry 127.0.0.1:5000 refused the push" + System.lineSeparator(), outcome.err());
    }

    @Test
    void anUnauthorizedFailureGetsTheCommandLinesAdvice() {
        Outcome outcome = run(new UnauthorizedException("unauthorized: pulling manifest 127.0.0.1:5000/app:1 needs "
                + "credentials for 127.0.0.1:5000", "127.0.0.1:5000", 401, null), false);

        assertEquals("stowage: unauthorized: pulling manifest 127.0.0.1:5000/app:1 needs credentials for 127.0.0.1:5000"
                + " (stowage login 127.0.0.1:5000)" + System.lineSeparator(), outcome.err());
    }

    @Test
    void badInputIsOneLineAndExits2() {
        Outcome outcome = run(new IllegalArgumentException("invalid digest \"x\""), false);

        assertEquals(2, outcome.exitCode());
        assertEquals("stowage: invalid digest \"x\"" + System.lineSeparator(), outcome.err());
    }

    @Test
    void unexpectedFailureExits1AndPointsAtVerbose() {
        Outcome outcome = run(new IllegalStateException("bug"), false);

        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.err().startsWith("stowage: unexpected java.lang.IllegalStateException: bug (-v shows"), outcome.err());
        assertFalse(outcome.err().contains("\tat "), outcome.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Outcome outcome = run(new StowageException("refused"), true);

        assertTrue(outcome.err().startsWith("stowage: refused" + System.lineSeparator()), outcome.err());
        assertTrue(outcome.err().contains("\tat "), outcome.err());
    }

    @Test
    void aMessageIsOneLineWithItsControlCharactersEscaped() {
        Outcome outcome = run(new StowageException("registry said: \u001b[2J\r\nstowage: fake\u009b"), false);

        assertEquals("stowage: registry said: \\u001b[2J\\u000d\\u000astowage: fake\\u009b" + System.lineSeparator(),
                outcome.err());
    }

    @Test
    void anUnexpectedFailuresMessageIsEscapedToo() {
        Outcome outcome = run(new IllegalStateException("bug\u001b[2J\nstowage: fake"), false);

        assertTrue(outcome.err().startsWith("stowage: unexpected java.lang.IllegalStateException: bug\\u001b[2J\\u000astowage: fake (-v"),
                outcome.err());
    }

    @Test
    void verboseTraceEscapesEveryMessageAndKeepsItsShape() {
        StowageException failure = new StowageException("outer\u001b[2J\nstowage: fake",
                new java.io.IOException("cause\r\u202e"));
        failure.addSuppressed(new IllegalStateException("suppressed\u009b"));

        String err = run(failure, true).err();

        List<String> lines = err.lines().toList();
        assertEquals("stowage: outer\\u001b[2J\\u000astowage: fake", lines.get(0));
        assertEquals("dev.stowage.core.StowageException: outer\\u001b[2J\\u000astowage: fake", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat "), err);
        assertTrue(lines.contains("\tSuppressed: java.lang.IllegalStateException: suppressed\\u009b"), err);
        assertTrue(lines.contains("Caused by: java.io.IOException: cause\\u000d\\u202e"), err);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("stowage: fake")), err);
        assertTrue(err.chars().noneMatch(c -> c == 0x1b || c == '\r' || c == 0x9b || c == 0x202e), err);
    }

    @Test
    void aUsageErrorEchoesTheArgumentEscaped() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = StowageCli.commandLine("images", "--\u001b[2J");
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("images", "--\u001b[2J");

        assertEquals(BAD_INPUT, exitCode);
        assertTrue(err.toString().startsWith("Unknown option: '--\\u001b[2J'"), err.toString());
        assertTrue(err.toString().contains("Usage: stowage images"), "the usage follows, as picocli prints it: " + err);
    }

    private record Outcome(int exitCode, String err) {
    }

    private static Outcome run(Exception failure, boolean verbose) {
        @Command(name = "failing")
        class Failing implements Callable<Integer> {
            @Override
            public Integer call() throws Exception {
                throw failure;
            }
        }
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new Failing())
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new FailureHandler(() -> verbose))
                .execute();
        return new Outcome(exitCode, err.toString());
    }
}
