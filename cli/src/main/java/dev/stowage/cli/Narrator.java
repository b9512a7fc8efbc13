package dev.stowage.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tells what {@code stowage demo} is doing: a header per step ({@code ==> What it shows: stowage
 * COMMAND}), then the step's own output, then an optional {@code --> outcome} line.
 */
final class Narrator {
    /** Words a shell passes through unquoted. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final PrintWriter out;
    private boolean first = true;

    Narrator(PrintWriter out) {
        this.out = out;
    }

    /** Starts a step that shows {@code stowage ARGS}; a blank line separates it from the previous step. */
    void step(String what, List<String> args) {
        step(what + ": " + commandLine(args));
    }

    /** Starts a step that is not a single command. */
    void step(String what) {
        if (!first) {
            out.println();
        }
        first = false;
        out.println("==> " + what);
        out.flush();
    }

    /** What a step achieved, in numbers the command's own output does not give. */
    void outcome(String text) {
        out.println("--> " + text);
        out.flush();
    }

    /** A line of the narration's own, e.g. an image built. */
    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** {@code stowage ARGS} as one would type it in a POSIX shell. */
    static String commandLine(List<String> args) {
        return "stowage " + args.stream().map(Narrator::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String word) {
        return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
