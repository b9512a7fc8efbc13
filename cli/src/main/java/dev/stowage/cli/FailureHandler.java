package dev.stowage.cli;

import dev.stowage.core.SafeText;
import dev.stowage.core.StowageException;
import dev.stowage.core.UnauthorizedException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
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
 * {@code -v} the stack trace follows. An unknown command is docker's line
 * ({@code stowage: 'save' is not a stowage command.}, {@code See 'stowage --help'.}) with a
 * suggestion only when a command is close; other usage errors are picocli's message,
 * suggestions or usage help; all exit 2.
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
        Optional<String> unknown = unknownCommand(failure);
        if (unknown.isPresent()) {
            // docker's two lines, and a suggestion only when one is close
            String path = command.getCommandSpec().qualifiedName();
            err.println("stowage: '" + SafeText.line(unknown.get()) + "' is not a " + path + " command.");
            List<String> close = closest(unknown.get(), command.getSubcommands().keySet());
            if (!close.isEmpty()) {
                err.println("Did you mean this?");
                close.forEach(c -> err.println("\t" + c));
            }
            err.println("See '" + path + " --help'.");
            err.flush();
            return BAD_INPUT;
        }
        err.println(command.getColorScheme().errorText(SafeText.line(failure.getMessage())));
        if (!UnmatchedArgumentException.printSuggestions(failure, err)) {
            command.usage(err, command.getColorScheme());
        }
        err.flush();
        return command.getExitCodeExceptionMapper() != null
                ? command.getExitCodeExceptionMapper().getExitCode(failure)
                : command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The word taken for a subcommand that does not exist, if that is the failure. */
    private static Optional<String> unknownCommand(ParameterException failure) {
        if (!(failure instanceof UnmatchedArgumentException unmatched)
                || failure.getCommandLine().getSubcommands().isEmpty() || unmatched.getUnmatched().isEmpty()) {
            return Optional.empty();
        }
        String first = unmatched.getUnmatched().get(0);
        return first.startsWith("-") ? Optional.empty() : Optional.of(first);
    }

    /**
     * The commands {@code typed} is a slip of: those at the smallest edit distance (a swap of two
     * neighbours counts one) when that is at most one edit per three letters (at least one), or
     * the one command it begins.
     */
    static List<String> closest(String typed, Collection<String> commands) {
        String t = typed.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, t.length() / 3);
        int best = Integer.MAX_VALUE;
        List<String> found = new ArrayList<>();
        for (String c : new TreeSet<>(commands)) {
            int d = distance(t, c);
            if (d <= allowed && d < best) {
                best = d;
                found.clear();
            }
            if (d <= allowed && d == best) {
                found.add(c);
            }
        }
        if (found.isEmpty() && t.length() >= 2) {
            List<String> starting = commands.stream().filter(c -> c.startsWith(t)).sorted().toList();
            return starting.size() == 1 ? starting : List.of();
        }
        return found;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
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
