package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.util.Objects;

/**
 * How one blob reached a repository, and the bytes it took.
 *
 * @param bytesSent blob bytes sent to the registry (0 when mounted)
 */
public record BlobPush(Digest digest, Outcome outcome, long bytesSent) {

    public BlobPush {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** What happened to the blob. */
    public enum Outcome {
        /** The registry mounted it from the source repository; nothing was sent. */
        MOUNTED,
        /** It was uploaded; no mount was asked for. */
        UPLOADED,
        /** A mount was asked for, the registry declined (202) and the blob went up through the session it opened. */
        UPLOADED_MOUNT_DECLINED,
        /** A mount was refused for lack of access to the source (401/403); the blob was uploaded instead. */
        UPLOADED_MOUNT_DENIED
    }

    public boolean mounted() {
        return outcome == Outcome.MOUNTED;
    }
}
