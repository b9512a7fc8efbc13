package dev.stowage.testkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalLong;

/**
 * Where blob content lives, keyed by digest: in memory or in a directory. Which repositories
 * may read a blob is {@link RegistryState}'s business; this only holds bytes. Content becomes
 * visible under a digest only through {@link #commit}, after the caller verified it.
 */
interface BlobStore extends AutoCloseable {

    /** The size of the content stored under {@code digest}, if any. */
    OptionalLong size(BlobDigest digest);

    /**
     * Reads the content from {@code offset} on.
     *
     * @throws java.nio.file.NoSuchFileException if nothing is stored under {@code digest}
     */
    InputStream open(BlobDigest digest, long offset) throws IOException;

    /** A new, empty upload buffer. */
    Buffer newBuffer() throws IOException;

    /** Makes the buffer's content the content of {@code digest} (replacing equal content stored meanwhile). */
    void commit(Buffer buffer, BlobDigest digest) throws IOException;

    /** Forgets the content of {@code digest}; readers that already opened it may finish. */
    void delete(BlobDigest digest) throws IOException;

    /** Releases everything (a directory store deletes its files). */
    @Override
    void close();

    /** The bytes of one upload session, appended in order. */
    interface Buffer {
        /** A stream appending to the buffer; what was written stays even if the writer fails midway. */
        OutputStream appender() throws IOException;

        /** Reads the whole buffer (to hash it with another algorithm than the one kept up to date). */
        InputStream open() throws IOException;

        long size();

        /** Throws the content away. */
        void discard();
    }
}
