package dev.stowage.cli;

import dev.stowage.core.StowageException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one line on stderr and an exit code: bad input
 * (the library's {@code Invalid*Exception}s are {@link IllegalArgumentException}s) exits 2,
 * an operational failure ({@link StowageException}) or anything unexpected exits 1. With
 * {@code -v} the stack trace follows.
 */
final class FailureHandler implements IExecutionExceptionHandler {
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
            err.println("stowage: " + failure.getMessage());
        } else {
            err.println("stowage: unexpected " + failure + (verbose.getAsBoolean() ? "" : " (-v shows the stack trace)"));
        }
        if (verbose.getAsBoolean()) {
            failure.printStackTrace(err);
        }
        err.flush();
        return failure instanceof IllegalArgumentException ? BAD_INPUT : FAILURE;
    }
}
