package dev.stowage.core.spi;

import java.util.List;

/**
 * The result of {@link ImageStore#verify(boolean)}: every problem found, and which were repaired.
 * A store is consistent when {@link #isClean()}.
 */
public record VerifyReport(List<Problem> problems, int blobsChecked) {
    public VerifyReport {
        problems = List.copyOf(problems);
    }

    /** Whether no problem was found (repaired ones count as found). */
    public boolean isClean() {
        return problems.isEmpty();
    }

    /** Problems that remain after the run: not repaired. */
    public List<Problem> unrepaired() {
        return problems.stream().filter(p -> !p.repaired()).toList();
    }

    /**
     * One inconsistency.
     *
     * @param kind what rule is broken
     * @param subject the blob digest, reference or file concerned (full digest for blobs)
     * @param message what is wrong and what the repair did or would do
     * @param repaired whether the repair was applied
     */
    public record Problem(Kind kind, String subject, String message, boolean repaired) {
    }

    /** The kinds of inconsistency {@code verify} detects. */
    public enum Kind {
        /** A blob an image references is not in the store. */
        MISSING_BLOB,
        /** A stored blob's content does not match its digest, or its size the descriptor's. */
        CORRUPT_BLOB,
        /** A manifest or index that cannot be parsed. */
        INVALID_MANIFEST,
        /** Stowage's metadata disagrees with the layout (e.g. facts about an image not in the index). */
        STALE_METADATA,
        /** A leftover temporary file or a lease of a process that is gone. */
        LEFTOVER
    }
}
