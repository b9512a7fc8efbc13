package dev.stowage.registry;

import dev.stowage.core.ProgressListener;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A whole blob from a {@link BlobStream} into the caller's sink, digested as bytes pass and
 * verified at the end: {@code RegistryClient.fetchBlob} and {@code resumeBlob}. The digest covers
 * the whole blob, including a prefix the caller already held.
 */
final class BlobPuller {
    /** Large enough that digest updates and sink writes are few: a 1 GiB blob takes 4096 of each, at best. */
    private static final int BUFFER = 256 * 1024;

    private final HttpTransport transport;

    BlobPuller(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * @param expectedSize the descriptor's size, or -1 when unknown
     * @param prefix the first {@code offset} bytes, already held by the caller (null when offset is 0)
     * @return the number of bytes written to {@code sink}
     * @throws DigestMismatchException if the whole blob does not match {@code digest} and size
     */
    long pull(String registry, String repository, Digest digest, long expectedSize, long offset, InputStream prefix,
            OutputStream sink, ProgressListener progress) {
        MessageDigest md = digest.newMessageDigest();
        long received = offset > 0 ? digestPrefix(prefix, offset, md) : 0;
        long written = 0;
        byte[] buf = new byte[BUFFER];
        try (BlobStream in = new BlobStream(transport, registry, repository, digest, expectedSize, offset, progress)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
                try {
                    sink.write(buf, 0, n);
                } catch (IOException e) {
                    throw new StowageException("cannot write blob " + digest + " to its destination: " + e.getMessage(), e);
                }
                written += n;
            }
        } catch (IOException e) {
            throw new StowageException("cannot read blob " + digest + ": " + e.getMessage(), e);
        }
        received += written;
        Digest actual = Digest.of(digest.algorithm(), HexFormat.of().formatHex(md.digest()));
        if (!actual.equals(digest) || (expectedSize >= 0 && received != expectedSize)) {
            throw new DigestMismatchException(digest, expectedSize, actual, received);
        }
        return written;
    }

    private static long digestPrefix(InputStream prefix, long offset, MessageDigest md) {
        if (prefix == null) {
            throw new IllegalArgumentException("resuming at offset " + offset + " needs the bytes already received");
        }
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try {
            int n;
            while (total < offset && (n = prefix.read(buf, 0, (int) Math.min(buf.length, offset - total))) > 0) {
                md.update(buf, 0, n);
                total += n;
            }
        } catch (IOException e) {
            throw new StowageException("cannot read the partial blob to resume from: " + e.getMessage(), e);
        }
        if (total != offset) {
            throw new IllegalArgumentException("resuming at offset " + offset + " but the partial blob has only "
                    + total + " bytes");
        }
        return total;
    }
}
