package dev.stowage.core;

import dev.stowage.core.model.Digest;

/** A blob asked for by digest is not in the store. */
public class BlobNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    private final transient Digest digest;

    public BlobNotFoundException(Digest digest) {
        super("blob " + digest + " is not in the store (pull the image again to fetch it)");
        this.digest = digest;
    }

    /** For a store that knows more, such as an entry in the blob's place that it refuses to read. */
    public BlobNotFoundException(Digest digest, String message) {
        super(message);
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
