package dev.stowage.core;

import dev.stowage.core.spi.BlobIngest;
import java.io.OutputStream;

/**
 * The store's ingest seen as the sink a registry download writes into: each chunk the
 * download hands over is appended as it arrives, so a blob streams from the connection to the
 * store without a second thread or a temporary copy.
 */
final class IngestSink extends OutputStream {
    private final BlobIngest ingest;

    IngestSink(BlobIngest ingest) {
        this.ingest = ingest;
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
