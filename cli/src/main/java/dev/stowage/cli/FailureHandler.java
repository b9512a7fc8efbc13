package dev.stowage.cli;

import dev.stowage.core.SafeText;
import dev.stowage.core.StowageException;
import dev.stowage.core.UnauthorizedException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one line on stderr and an exit code: bad input
 * (the library's {@code Invalid*Exception}s are {@link IllegalArgumentException}s) exits 2,
 * an operational failure ({@link StowageException}) or anything unexpected exits 1. With
 * {@code -v} the stack trace follows. Usage errors are picocli's message, suggestions or usage
 * help, exit 2, as picocli prints them.
 *
 * <p>Messages quote what registries and users sent (a registry's error text, a tag, an argument),
 * so each line goes through {@link SafeText#line}: one line, nothing a terminal acts on.
 */
final class FailureHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final int FAILURE = 1;
    static final int BAD_INPUT = 2;

    private final BooleanSupplier verbose;

    FailureHandler(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (failure instanceof StowageException || failure instanceof IllegalArgumentException) {
            err.println("stowage: " + SafeText.line(failure.getMessage() + advice(failure)));
        } else {
            err.println("stowage: unexpected " + SafeText.line(failure.toString())
                    + (verbose.getAsBoolean() ? "" : " (-v shows the stack trace)"));
        }
        if (verbose.getAsBoolean()) {
            printStackTrace(failure, err);
        }
        err.flush();
        return failure instanceof IllegalArgumentException ? BAD_INPUT : FAILURE;
    }

    /** What to do about a failure, where the command line knows: the library's messages describe, this advises. */
    static String advice(Exception failure) {
        if (failure instanceof UnauthorizedException unauthorized && unauthorized.registry() != null) {
            return " (stowage login " + unauthorized.registry() + ")";
        }
        return "";
    }

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(SafeText.line(failure.getMessage())));
        if (!UnmatchedArgumentException.printSuggestions(failure, err)) {
            command.usage(err, command.getColorScheme());
        }
        err.flush();
        return command.getExitCodeExceptionMapper() != null
                ? command.getExitCodeExceptionMapper().getExitCode(failure)
                : command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * {@link Throwable#printStackTrace} with every message on one escaped line. The JDK prints
     * each line of a trace with one {@code println} (the throwable, each frame, each cause and
     * suppressed exception behind its tabs), so escaping what each call prints, past its leading
     * tabs, leaves the trace's shape as it was and a message no way to add lines.
     */
    static void printStackTrace(Throwable failure, PrintWriter err) {
        failure.printStackTrace(new PrintWriter(err) {
            @Override
            public void println(Object line) {
                println(String.valueOf(line));
            }

            @Override
            public void println(String line) {
                int indent = 0;
                while (indent < line.length() && line.charAt(indent) == '\t') {
                    indent++;
                }
                super.println(line.substring(0, indent) + SafeText.line(line.substring(indent)));
            }
        });
        err.flush();
    }
}
