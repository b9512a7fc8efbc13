package dev.stowage.core.build;

import dev.stowage.core.model.Digest;

/** A layer written into a store: the digest and size of its blob, and the digest of its uncompressed tar. */
record LayerBlob(Digest digest, long size, Digest diffId) {
}
