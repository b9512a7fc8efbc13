package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.StowageException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class FailureHandlerTest {

    @Test
    void operationalFailureIsOneLineAndExits1() {
        Outcome outcome = run(new StowageException("registry 127.0.0.1:5000 refused the push"), false);

        assertEquals(1, outcome.exitCode());
        assertEquals("stowage: registry 127.0.0.1:5000 refused the push" + System.lineSeparator(), outcome.err());
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
