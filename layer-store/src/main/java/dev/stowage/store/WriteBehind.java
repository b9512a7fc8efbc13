package dev.stowage.store;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Flushes a large file's bytes to disk while more are still being written to it, on a thread of
 * its own, so that the {@code fsync} that makes the whole file durable before it is published
 * finds little left to write: for a 1 GiB blob that final flush otherwise took about half a
 * second after the last byte arrived, with the network idle. It changes nothing about what is
 * durable when: the writer still forces the whole file before it publishes it; an early flush
 * only gets some of that done sooner. A flush that fails is of no consequence for the same reason
 * (the final one reports the problem).
 */
final class WriteBehind {
    /** Bytes written between two flushes: large enough that the flushes are few, small enough to overlap. */
    static final long STEP = 64L << 20;

    private final FileChannel channel;
    private final long step;
    private long unflushed;
    private Thread flushing;

    WriteBehind(FileChannel channel) {
        this(channel, STEP);
    }

    WriteBehind(FileChannel channel, long step) {
        this.channel = channel;
        this.step = step;
    }

    /** Counts {@code bytes} just written; starts a flush once a step's worth is pending and none runs. */
    void written(long bytes) {
        unflushed += bytes;
        if (unflushed < step || (flushing != null && flushing.isAlive())) {
            return;
        }
        unflushed = 0;
        Thread t = new Thread(this::flush, "stowage-write-behind");
        t.setDaemon(true);
        flushing = t;
        t.start();
    }

    private void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            // the final force before publishing reports it, or the file is discarded anyway
        }
    }

    /**
     * Waits for a flush under way to end: before the channel is forced, truncated or closed.
     * Interruption is kept for the caller to see and the wait ends early (a flush does not hold
     * anything the caller needs).
     */
    void await() {
        Thread t = flushing;
        flushing = null;
        unflushed = 0;
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
