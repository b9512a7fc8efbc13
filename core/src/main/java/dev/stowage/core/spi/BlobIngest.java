package dev.stowage.core.spi;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A blob being written into a store under its expected digest, resumable across interruptions:
 * bytes written by an earlier, interrupted ingest of the same digest are kept, and
 * {@link #offset()} says where to continue (for an HTTP {@code Range} request).
 *
 * <pre>{@code
 * try (BlobIngest ingest = store.ingest(digest, size)) {
 *     if (!ingest.isComplete()) {
 *         ingest.append(fetchFrom(ingest.offset()));
 *         ingest.commit();                       // verifies digest and size, then publishes
 *     }
 * }
 * }</pre>
 *
 * Closing without {@link #commit()} keeps the bytes written so far for a later resume. Only one
 * ingest of a digest runs at a time per store; {@link ImageStore#ingest} waits for another one to
 * finish.
 */
public interface BlobIngest extends AutoCloseable {
    /** Bytes already received; the next {@link #append} continues from here. */
    long offset();

    /** Whether the blob is already in the store (then nothing needs to be written). */
    boolean isComplete();

    /**
     * The bytes received so far (the first {@link #offset()}), for a download that resumes and
     * must verify the whole blob; the caller closes the stream.
     */
    InputStream openReceived();

    /** Appends the next bytes of the blob, digesting them on the way. */
    void append(InputStream content);

    /**
     * Appends {@code length} bytes of {@code bytes} from {@code offset}, digesting them on the way:
     * for a writer that already holds the bytes in an array (a download's buffer), no stream and no
     * copy in between.
     */
    default void append(byte[] bytes, int offset, int length) {
        append(new ByteArrayInputStream(bytes, offset, length));
    }

    /** Discards the bytes received so far, so the next append starts at offset 0. */
    void restart();

    /**
     * Verifies the received bytes against the expected digest and size and makes the blob
     * visible. On a mismatch the received bytes are deleted.
     *
     * @throws dev.stowage.core.model.DigestMismatchException if digest or size differ
     */
    void commit();

    @Override
    void close();
}
