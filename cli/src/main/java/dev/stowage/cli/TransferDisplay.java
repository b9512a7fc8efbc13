package dev.stowage.cli;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Digest;
import java.io.PrintWriter;

/**
 * How {@code pull} and {@code push} show their progress: live per-blob bars when the console is
 * a terminal, one plain line per blob event otherwise (logs, pipes, CI), nothing with {@code -q}.
 * Closing finishes what is still drawn, before the command prints its summary.
 */
interface TransferDisplay extends ProgressListener, AutoCloseable {

    /** Which way blobs move, for docker's wording of each event. */
    enum Direction { PULL, PUSH, COPY }

    /** The display for a command: {@code out} is where plain lines go. */
    static TransferDisplay open(Direction direction, boolean quiet, PrintWriter out) {
        if (quiet) {
            return new Quiet();
        }
        return System.console() != null ? new TransferBars(direction, out) : new TransferLines(direction, out);
    }

    /** Docker's short blob name: the first 12 hex digits. */
    static String shortId(Digest digest) {
        return digest.shortHex(12);
    }

    @Override
    void close();

    /** Shows nothing. */
    final class Quiet implements TransferDisplay {
        @Override
        public void onEvent(ProgressEvent event) {
        }

        @Override
        public void close() {
        }
    }
}
