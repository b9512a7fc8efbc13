package dev.stowage.cli;

import dev.stowage.core.StowageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code stowage} commands inside this process against the demo's store, printing into the
 * demo's output, so that each step shows exactly what the command prints when typed.
 */
final class DemoShell {
    private final Path store;
    private final Narrator narrator;
    private final PrintWriter out;
    private final PrintWriter err;

    DemoShell(Path store, Narrator narrator, PrintWriter out, PrintWriter err) {
        this.store = store;
        this.narrator = narrator;
        this.out = out;
        this.err = err;
    }

    /** A step of its own: narrates {@code what} and the command, then runs it. */
    void show(String what, String... args) {
        narrator.step(what, List.of(args));
        run(List.of(args));
    }

    /**
     * Runs {@code stowage --store STORE ARGS}.
     *
     * @throws StowageException if the command does not succeed (its own message is already on stderr)
     */
    void run(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--store", store.toString()));
        all.addAll(args);
        int exit = StowageCli.commandLine().setOut(out).setErr(err).execute(all.toArray(String[]::new));
        out.flush();
        if (exit != 0) {
            throw new StowageException("the demo stopped: " + Narrator.commandLine(args) + " exited with " + exit);
        }
    }
}
