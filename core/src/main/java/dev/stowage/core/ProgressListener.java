package dev.stowage.core;

/**
 * Receives {@link ProgressEvent}s as an operation runs: per-blob transfer progress, blobs found
 * or mounted, and every retry. Called from the threads doing the work, so implementations must be
 * thread-safe and quick.
 *
 * <pre>{@code
 * ProgressListener log = event -> {
 *     if (event instanceof ProgressEvent.Retrying r) System.err.println(r);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores every event. */
    ProgressListener NONE = event -> { };

    void onEvent(ProgressEvent event);
}
