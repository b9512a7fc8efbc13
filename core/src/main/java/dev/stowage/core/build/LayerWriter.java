package dev.stowage.core.build;

import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestingOutputStream;
import dev.stowage.core.spi.BlobWriter;
import dev.stowage.core.spi.ImageStore;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams one layer into a store in a single pass: tar → SHA-256 (DiffID) → compressor → the
 * store's blob writer (which digests the compressed bytes). No layer is held in memory or read
 * back.
 */
final class LayerWriter {
    private static final int BUFFER = 64 * 1024;

    private LayerWriter() {
    }

    /** Something that writes an uncompressed layer tar. */
    interface TarSource {
        void writeTo(OutputStream tar) throws IOException;
    }

    static LayerBlob write(ImageStore store, LayerCompression compression, TarSource source) {
        try (BlobWriter blob = store.newBlob()) {
            // closing the chain finishes the tar and the compressed stream, then commit publishes
            DigestingOutputStream diff = new DigestingOutputStream(compression.compress(new KeepOpen(blob)),
                    Digest.SHA256);
            try (OutputStream buffered = new BufferedOutputStream(diff, BUFFER)) {
                source.writeTo(buffered);
            }
            Digest digest = blob.commit();
            return new LayerBlob(digest, blob.size(), diff.digest());
        } catch (IOException e) {
            throw new StowageException("cannot write a layer into the store: " + e.getMessage(), e);
        }
    }

    /** Lets the compressor finish its stream on close without closing (and so discarding) the blob writer. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
