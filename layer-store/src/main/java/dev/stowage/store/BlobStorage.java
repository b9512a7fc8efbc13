package dev.stowage.store;

import dev.stowage.core.PartialDownloadUsage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** The content-addressed half of a store: verified blobs by digest, and their ingest. */
interface BlobStorage {
    boolean has(Digest digest);

    OptionalLong size(Digest digest);

    /**
     * The blob's bytes as stored, not verified (a caller checks them, or re-digests them on purpose).
     *
     * @throws dev.stowage.core.BlobNotFoundException if absent, or if an entry of another kind
     *     than a blob is in its place (the message says which)
     */
    InputStream open(Digest digest);

    BlobIngest ingest(Digest digest, long size, Publisher publisher);

    BlobWriter writer(Publisher publisher);

    /** When the blob was stored, if it is. */
    java.util.Optional<Instant> storedAt(Digest digest);

    /** Every stored blob. */
    Set<Digest> list();

    /**
     * Entries named as blobs that are not blobs (a symbolic link, a FIFO, a directory), each with
     * what it is: not stored as far as {@link #has} says, never read; verification reports them.
     */
    Map<Digest, String> damaged();

    /**
     * Deletes a blob, or whatever entry stands in its place (a link itself, never its target);
     * returns the bytes freed (0 if it was absent or not a blob).
     */
    long delete(Digest digest);

    /** Removes partial ingests nobody is writing that are complete already or untouched since {@code staleBefore}. */
    Cleanup cleanIngests(Instant staleBefore);

    /** Every partial ingest, and those being written now. */
    PartialDownloadUsage partials();

    /**
     * What an ingest cleanup removed.
     *
     * @param partialDownloads the digests of the removed ingests named by one (not a writer's temporary file)
     */
    record Cleanup(int files, long bytes, List<Digest> partialDownloads) {
        public Cleanup {
            partialDownloads = List.copyOf(partialDownloads);
        }
    }

    /**
     * Makes a verified blob visible. The store runs {@code makeVisible} under its lock together
     * with recording the blob in the open leases, so a collection never sees it unprotected.
     */
    interface Publisher {
        void publish(Digest digest, IoAction makeVisible);

        /**
         * If the blob is stored, records it in the open leases and returns true, checking and
         * recording under the store's lock: a check outside it could race a collection in
         * another process that deletes the blob before the lease names it.
         */
        boolean protectIfStored(Digest digest);
    }

    /** An action on files. */
    interface IoAction {
        void run() throws IOException;
    }
}
