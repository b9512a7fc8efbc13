package dev.stowage.core.spi;

import dev.stowage.core.model.Digest;

/**
 * A destination for a blob's bytes that checks them itself against the blob's digest and size
 * before anything becomes visible, as a store's {@link BlobIngest} does when committed. A
 * {@link Registry} downloading a blob into such a sink may leave the digest to it, so each byte
 * is hashed once on its way from the connection to the store, not twice; a download that does
 * not match then fails at the sink's commit, with the same {@code DigestMismatchException}.
 */
public interface VerifyingSink {
    /** The digest this sink verifies what it receives against. */
    Digest verifiedDigest();
}
