package dev.stowage.cli;

import dev.stowage.core.Removal;
import dev.stowage.core.SafeText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What {@code image prune} and {@code system prune} say as docker says it: the prompt and the removals. */
final class PruneLines {
    private PruneLines() {
    }

    /** Prints {@code warning} and docker's {@code [y/N]} question; true when standard input answers {@code y}. */
    static boolean confirmed(PrintWriter out, String warning) {
        out.print(warning + "\nAre you sure you want to continue? [y/N] ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().equalsIgnoreCase("y");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer from standard input", e);
        }
    }

    /** {@code heading}, then an {@code untagged: }/{@code deleted: } line per removal and a blank line; nothing when none. */
    static void removals(PrintWriter out, String heading, List<Removal> removals) {
        if (removals.isEmpty()) {
            return;
        }
        out.println(heading);
        for (Removal r : removals) {
            out.println((r.kind() == Removal.Kind.UNTAGGED ? "untagged: " : "deleted: ") + SafeText.line(r.subject()));
        }
        out.println();
    }
}
