package dev.stowage.testkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * One blob upload in progress: its repository, the bytes received so far and their SHA-256, kept
 * up to date as chunks arrive so that closing the session costs no second read. Requests on one
 * session are served one at a time (callers synchronize on it).
 */
final class UploadSession {
    private static final int COPY_BUFFER = 64 * 1024;

    private final String id;
    private final String repository;
    private final BlobStore.Buffer buffer;
    private final MessageDigest sha256 = BlobDigest.hasher("sha256");
    private boolean finished;

    UploadSession(String id, String repository, BlobStore.Buffer buffer) {
        this.id = id;
        this.repository = repository;
        this.buffer = buffer;
    }

    String id() {
        return id;
    }

    String repository() {
        return repository;
    }

    BlobStore.Buffer buffer() {
        return buffer;
    }

    /** The location clients send the session's next request to. */
    String location() {
        return "/v2/" + repository + "/blobs/uploads/" + id;
    }

    long size() {
        return buffer.size();
    }

    /** {@code 0-<last byte>}, as the spec's {@code Range} header states progress ({@code 0-0} when empty, as Distribution says). */
    String range() {
        long size = size();
        return "0-" + Math.max(0, size - 1);
    }

    boolean finished() {
        return finished;
    }

    void finish() {
        finished = true;
    }

    /**
     * Appends everything {@code body} holds. Bytes that arrived before a failure (the client gone,
     * the connection cut) stay appended and hashed, as a registry keeps a partial chunk.
     *
     * @return the bytes appended
     */
    long append(InputStream body) throws IOException {
        long total = 0;
        byte[] chunk = new byte[COPY_BUFFER];
        try (OutputStream out = buffer.appender()) {
            int n;
            while ((n = body.read(chunk)) > 0) {
                out.write(chunk, 0, n);
                sha256.update(chunk, 0, n);
                total += n;
            }
        }
        return total;
    }

    /** The digest of everything received, with the algorithm of {@code claimed}. */
    BlobDigest digest(String algorithm) throws IOException {
        if (algorithm.equals("sha256")) {
            try {
                return BlobDigest.finish("sha256", ((MessageDigest) sha256.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", e);
            }
        }
        MessageDigest other = BlobDigest.hasher(algorithm);
        byte[] chunk = new byte[COPY_BUFFER];
        try (InputStream in = buffer.open()) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                other.update(chunk, 0, n);
            }
        }
        return BlobDigest.finish(algorithm, other.digest());
    }
}
