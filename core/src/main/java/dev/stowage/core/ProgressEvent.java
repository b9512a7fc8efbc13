package dev.stowage.core;

import dev.stowage.core.model.Digest;
import java.time.Duration;
import java.util.Objects;

/** What a {@link ProgressListener} hears. Byte counts are for the blob the event names. */
public sealed interface ProgressEvent {

    /** A tag or reference is being resolved to a manifest. */
    record Resolving(String reference) implements ProgressEvent {
    }

    /** A blob waits for a free transfer slot. */
    record Waiting(Digest digest) implements ProgressEvent {
    }

    /** Bytes of a blob received so far; {@code total} is -1 when unknown. */
    record Downloading(Digest digest, long bytes, long total) implements ProgressEvent {
    }

    /** Received content is being checked against its digest. */
    record Verifying(Digest digest) implements ProgressEvent {
    }

    /** Bytes of a blob sent so far; {@code total} is -1 when unknown. */
    record Uploading(Digest digest, long bytes, long total) implements ProgressEvent {
    }

    /** The blob was already where it was needed; nothing moved. */
    record Exists(Digest digest) implements ProgressEvent {
    }

    /** The registry mounted the blob from another repository; nothing moved. */
    record Mounted(Digest digest, String fromRepository) implements ProgressEvent {
    }

    /** A blob was completely received and verified. */
    record Downloaded(Digest digest, long size) implements ProgressEvent {
    }

    /** A blob was completely sent and accepted. */
    record Uploaded(Digest digest, long size) implements ProgressEvent {
    }

    /**
     * A request failed in a way worth trying again; the next attempt starts after {@code delay}.
     *
     * @param request what was being done, e.g. {@code GET 127.0.0.1:5000/v2/app/blobs/sha256:…}
     * @param attempt the attempt that failed, from 1
     * @param reason the status or error that caused the retry
     */
    record Retrying(String request, int attempt, Duration delay, String reason) implements ProgressEvent {
        public Retrying {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
