package dev.stowage.registry;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.RegistryException;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.spi.VerifyingSink;
import dev.stowage.registry.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<name>/blobs/<digest>} streamed into the caller's sink, digested and counted as
 * bytes pass. A connection that breaks mid-body is resumed with {@code Range} from the bytes
 * already received; when the server ignores {@code Range}, the bytes already written are read
 * again and skipped. The digest always covers the whole blob, including a prefix the caller
 * already held. Only failures in a row without new bytes count against the {@link RetryPolicy}:
 * a transfer that keeps moving is resumed however long it takes (the body has the idle deadline,
 * no overall one). No byte past the expected size is read or written. A {@link VerifyingSink} for
 * the blob (a store's ingest) verifies it itself, so then the bytes are not digested here as well.
 */
final class BlobPuller {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");
    /** Large enough that digest updates and sink writes are few: a 1 GiB blob takes 4096 of each, at best. */
    private static final int BUFFER = 256 * 1024;
    private static final long PROGRESS_STEP = 1 << 20;

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
        // A sink that verifies the blob itself (a store's ingest) gets the bytes hashed once, there.
        MessageDigest md = sink instanceof VerifyingSink v && v.verifiedDigest().equals(digest)
                ? null : digest.newMessageDigest();
        long received = offset > 0 && md != null ? digestPrefix(prefix, offset, md) : offset;
        long written = 0;
        String action = "pulling blob " + digest + " from " + registry + "/" + repository;
        RegistryRequest base = RegistryRequest.of(registry, "GET", Endpoints.blob(repository, digest),
                List.of(Scope.pull(repository)), action).progress(progress);
        long start = System.nanoTime();
        int failures = 0;
        while (true) {
            RegistryRequest request = received > 0 ? base.header("Range", "bytes=" + received + "-") : base;
            HttpResponse<InputStream> response = transport.send(request);
            long skip = bytesToSkip(request, response, received);
            InputStream body = BodyStream.streaming(response.body());
            PartialCopy broken = null;
            try {
                long n = copy(body, skip, sink, md, received, expectedSize, digest, progress);
                received += n;
                written += n;
            } catch (PartialCopy partial) {
                received += partial.copied;
                written += partial.copied;
                broken = partial;
            } finally {
                close(body);
            }
            if (broken == null) {
                break;
            }
            if (broken.copied > 0) {
                failures = 0;
                start = System.nanoTime();
            }
            failures++;
            IOException cause = (IOException) broken.getCause();
            if (!transport.awaitRetry(request, failures, start, HttpTransport.describe(cause))) {
                throw new RegistryException(action + " failed after " + received + " bytes: "
                        + HttpTransport.describe(cause), registry, -1, null, cause);
            }
        }
        progress.onEvent(new ProgressEvent.Verifying(digest));
        if (md != null) {
            Digest actual = Digest.of(digest.algorithm(), HexFormat.of().formatHex(md.digest()));
            if (!actual.equals(digest) || (expectedSize >= 0 && received != expectedSize)) {
                throw new DigestMismatchException(digest, expectedSize, actual, received);
            }
        }
        progress.onEvent(new ProgressEvent.Downloaded(digest, received));
        return written;
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the body was read as far as it goes: closing it has nothing left to lose
        }
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

    /** How many leading bytes of the body were already received; checks the status. */
    private long bytesToSkip(RegistryRequest request, HttpResponse<InputStream> response, long received) {
        int status = response.statusCode();
        if (status == 200) {
            return received; // Range ignored (or not asked): the whole blob again
        }
        if (status == 206 && received > 0) {
            Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (m.matches() && Long.parseLong(m.group(1)) <= received) {
                return received - Long.parseLong(m.group(1));
            }
            HttpTransport.discard(response);
            throw new RegistryException(request.action() + " failed: the registry answered a range request with "
                    + "an unusable Content-Range", request.registry(), status, null);
        }
        throw transport.error(request, response);
    }

    /** Thrown when the body broke after {@code copied} new bytes went to the sink. */
    private static final class PartialCopy extends IOException {
        private static final long serialVersionUID = 1L;
        final transient long copied;

        PartialCopy(long copied, IOException cause) {
            super(cause);
            this.copied = copied;
        }
    }

    private static long copy(InputStream body, long skip, OutputStream sink, MessageDigest md, long before,
            long expectedSize, Digest digest, ProgressListener progress) throws PartialCopy {
        byte[] buf = new byte[BUFFER];
        long copied = 0;
        long toSkip = skip;
        long nextReport = before + PROGRESS_STEP;
        while (true) {
            int n;
            try {
                n = body.read(buf);
            } catch (IOException e) {
                throw new PartialCopy(copied, e);
            }
            if (n < 0) {
                if (toSkip > 0) {
                    throw new PartialCopy(copied, new IOException("the body ended before the bytes already received"));
                }
                progress.onEvent(new ProgressEvent.Downloading(digest, before + copied, expectedSize));
                return copied;
            }
            int from = 0;
            if (toSkip > 0) {
                int s = (int) Math.min(toSkip, n);
                toSkip -= s;
                from = s;
            }
            int len = n - from;
            if (len == 0) {
                continue;
            }
            if (expectedSize >= 0 && before + copied + len > expectedSize) {
                // A body longer than its descriptor is refused as soon as it shows, before the extra
                // bytes reach the sink: not after it filled a disk, nor in a sink that checks sizes itself.
                throw new DigestMismatchException(digest, expectedSize, null, before + copied + len);
            }
            if (md != null) {
                md.update(buf, from, len);
            }
            try {
                sink.write(buf, from, len);
            } catch (IOException e) {
                throw new StowageException("cannot write blob " + digest + " to its destination: " + e.getMessage(), e);
            }
            copied += len;
            if (before + copied >= nextReport) {
                progress.onEvent(new ProgressEvent.Downloading(digest, before + copied, expectedSize));
                nextReport = before + copied + PROGRESS_STEP;
            }
        }
    }
}
