package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.VerifyingSink;
import java.io.OutputStream;

/**
 * The store's ingest seen as the sink a registry download writes into: each chunk the
 * download hands over is appended as it arrives, so a blob streams from the connection to the
 * store without a second thread or a temporary copy. The ingest verifies digest and size at
 * commit, so the registry client need not hash the bytes as well.
 */
final class IngestSink extends OutputStream implements VerifyingSink {
    private final BlobIngest ingest;
    private final Digest digest;
    private boolean refused;

    IngestSink(BlobIngest ingest, Digest digest) {
        this.ingest = ingest;
        this.digest = digest;
    }

    @Override
    public Digest verifiedDigest() {
        return digest;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len > 0) {
            try {
                ingest.append(b, off, len);
            } catch (DigestMismatchException e) {
                refused = true;
                throw e;
            }
        }
    }

    /**
     * Whether the ingest itself refused the bytes (more than its size): it has then discarded what
     * it held and is closed, so there is nothing left to restart.
     */
    boolean refusedByIngest() {
        return refused;
    }
}
