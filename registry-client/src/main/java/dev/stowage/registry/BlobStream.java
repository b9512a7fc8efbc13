package dev.stowage.registry;

import dev.stowage.core.ProgressListener;
import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.registry.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<name>/blobs/<digest>} read as a stream from an offset, resuming by itself: when
 * the body breaks (or ends before the blob's size), the next read asks again with {@code Range}
 * from the bytes already read; a server that ignores {@code Range} resends the whole blob and the
 * bytes already read are skipped. Only failures in a row without new bytes count against the
 * {@link RetryPolicy}, so a transfer that keeps moving is resumed however long it takes. It never
 * yields more bytes than the blob's size. The digest is not checked here: whoever keeps the bytes
 * verifies them.
 */
final class BlobStream extends InputStream {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    private final HttpTransport transport;
    private final RegistryRequest base;
    private final Digest digest;
    private final long size;
    private long position;
    private InputStream body;
    private int failures;
    private long failingSince;
    private boolean closed;

    /**
     * @param size the blob's size from its descriptor, or -1 when unknown
     * @param offset where to start; the first bytes are never requested
     */
    BlobStream(HttpTransport transport, String registry, String repository, Digest digest, long size, long offset,
            ProgressListener progress) {
        if (offset < 0 || (size >= 0 && offset > size)) {
            throw new IllegalArgumentException("offset " + offset + " is outside blob " + digest + "'s " + size + " bytes");
        }
        this.transport = transport;
        this.digest = digest;
        this.size = size;
        this.position = offset;
        this.base = RegistryRequest.of(registry, "GET", Endpoints.blob(repository, digest),
                List.of(Scope.pull(repository)), "pulling blob " + digest + " from " + registry + "/" + repository)
                .progress(progress);
    }

    /** Bytes of the blob before the next one this stream yields. */
    long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("blob stream closed");
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (body == null && size >= 0 && position >= size) {
                return -1; // nothing left to ask for (a stream opened at the end, or a body closed there)
            }
            if (body == null) {
                try {
                    body = open();
                } catch (IOException e) {
                    broken(NetworkFailure.describe(e), e);
                    continue;
                } catch (RegistryException e) {
                    // A resumed body that breaks off at once can fail the request itself (the client
                    // saw the break before it handed the response over): one more break to resume
                    // from, counted as such. Before the first byte the transport's retries are all.
                    if (position == 0 || e.statusCode() != -1 || !(e.getCause() instanceof IOException io)
                            || !NetworkFailure.of(io).isTransient()) {
                        throw e;
                    }
                    broken(NetworkFailure.describe(io), io);
                    continue;
                }
            }
            int n;
            try {
                // At the blob's end one more read must find the body's end too: a body that goes on is refused.
                n = body.read(buffer, offset, size >= 0 && position >= size ? 1 : length);
            } catch (IOException e) {
                broken(NetworkFailure.describe(e), e);
                continue;
            }
            if (n < 0) {
                if (size < 0 || position == size) {
                    return -1;
                }
                broken("the body ended after " + position + " of " + size + " bytes", null);
                continue;
            }
            if (size >= 0 && position + n > size) {
                // Refused as soon as it shows, before the extra bytes reach anyone.
                throw new DigestMismatchException(digest, size, null, position + n);
            }
            if (n > 0) {
                position += n;
                failures = 0;
            }
            return n;
        }
    }

    /** The next body, from {@link #position}: skips what a server ignoring {@code Range} sends again. */
    private InputStream open() throws IOException {
        RegistryRequest request = position > 0 ? base.header("Range", "bytes=" + position + "-") : base;
        HttpResponse<InputStream> response = transport.send(request);
        int status = response.statusCode();
        long skip;
        if (status == 200) {
            skip = position; // Range ignored (or not asked): the whole blob again
        } else if (status == 206 && position > 0) {
            Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (!m.matches() || Long.parseLong(m.group(1)) > position) {
                HttpTransport.discard(response);
                throw new RegistryException(request.action() + " failed: the registry answered a range request with "
                        + "an unusable Content-Range", request.registry(), status, null);
            }
            skip = position - Long.parseLong(m.group(1));
        } else {
            throw transport.error(request, response);
        }
        // A blob's body may take as long as it keeps moving: only the idle deadline applies.
        InputStream in = BodyStream.streaming(response.body());
        try {
            long skipped = in.skip(skip);
            while (skipped < skip) {
                if (in.read() < 0) {
                    throw new IOException("the body ended before the " + position + " bytes already read");
                }
                skipped++;
                skipped += in.skip(skip - skipped);
            }
        } catch (IOException e) {
            closeQuietly(in);
            throw e;
        }
        return in;
    }

    /** After a broken body: waits for the next attempt, or fails when the policy allows no more. */
    private void broken(String reason, IOException cause) {
        closeQuietly(body);
        body = null;
        if (failures++ == 0) {
            failingSince = System.nanoTime();
        }
        if (!transport.awaitRetry(base, failures, failingSince, reason)) {
            throw new RegistryException(base.action() + " failed after " + position + " bytes: " + reason,
                    base.registry(), -1, null, cause);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(body);
        body = null;
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // nothing was lost: the bytes read so far are the caller's, the rest is not wanted
        }
    }

    @Override
    public String toString() {
        return "BlobStream[" + digest + " at " + position + "]";
    }
}
