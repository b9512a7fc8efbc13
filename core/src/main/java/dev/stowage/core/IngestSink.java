package dev.stowage.core;

import dev.stowage.core.model.Digest;
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
            ingest.append(b, off, len);
        }
    }
}
