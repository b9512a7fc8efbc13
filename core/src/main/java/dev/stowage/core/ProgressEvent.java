package dev.stowage.core;

import dev.stowage.core.model.Digest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ProgressListener} hears. Events about an image or a blob carry their
 * {@link Scope}: the operation and the image they belong to (a blob shared by several images of
 * one operation moves once, under the first image that needed it). Byte counts are for the blob
 * the event names.
 */
public sealed interface ProgressEvent {

    /**
     * The operation an event belongs to, and the image it was working on.
     *
     * @param operation {@code pull}, {@code push}, {@code copy}, …
     * @param image the image, as a reference ({@code 127.0.0.1:5000/app:1}) or a transport name
     *     ({@code oci:/tmp/layout:1})
     */
    record Scope(String operation, String image) {
        public Scope {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(image, "image");
        }
    }

    /** An image's reference is being resolved to a manifest: the first event of each image. */
    record Resolving(Scope scope) implements ProgressEvent {
        /** The image being resolved, as {@link Scope#image()}. */
        public String reference() {
            return scope.image();
        }
    }

    /**
     * The blobs the copy of an image decides, each once, configs and layers in manifest order:
     * announced before any moves, so that a display can keep that order.
     */
    record Planned(Scope scope, List<Digest> blobs) implements ProgressEvent {
        public Planned {
            blobs = List.copyOf(blobs);
        }
    }

    /** The image is complete where it was copied to: its blobs, manifests and names written. */
    record ImageCopied(Scope scope, Digest digest) implements ProgressEvent {
    }

    /** A blob waits for a free transfer slot. */
    record Waiting(Scope scope, Digest digest) implements ProgressEvent {
    }

    /** Bytes of a blob received so far; {@code total} is -1 when unknown. */
    record Downloading(Scope scope, Digest digest, long bytes, long total) implements ProgressEvent {
    }

    /** A blob's bytes have all been received and are being checked against its digest. */
    record Verifying(Scope scope, Digest digest) implements ProgressEvent {
    }

    /** Bytes of a blob sent so far; {@code total} is -1 when unknown. */
    record Uploading(Scope scope, Digest digest, long bytes, long total) implements ProgressEvent {
    }

    /** The blob was already where it was needed; nothing moved. */
    record Exists(Scope scope, Digest digest) implements ProgressEvent {
    }

    /** The registry mounted the blob from another repository; nothing moved. */
    record Mounted(Scope scope, Digest digest, String fromRepository) implements ProgressEvent {
    }

    /** A blob was completely received and verified. */
    record Downloaded(Scope scope, Digest digest, long size) implements ProgressEvent {
    }

    /** A blob was completely sent and accepted. */
    record Uploaded(Scope scope, Digest digest, long size) implements ProgressEvent {
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
