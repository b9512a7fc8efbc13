package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;
import java.io.OutputStream;

/**
 * Writes a blob whose digest is not known in advance (content produced locally, such as a layer
 * being compressed). The bytes are digested (SHA-256) as they are written; {@link #commit()}
 * makes the blob visible under that digest. Closing without commit discards everything.
 */
public abstract class BlobWriter extends OutputStream {
    /** Finishes the blob and returns its digest; the size is {@link #size()}. */
    public abstract Digest commit();

    /** Bytes written so far. */
    public abstract long size();
}
