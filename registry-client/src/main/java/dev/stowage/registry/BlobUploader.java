package dev.stowage.registry;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.RegistryException;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.registry.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob upload. When enabled, a small blob goes in one request, {@code POST <uploads>?digest=} with
 * the body, where the registry supports that; one that answers it with 202 has ignored the body and
 * opened a session, which is then used, and the registry is not asked that way again by this
 * client. Otherwise through
 * a session: monolithic ({@code PUT <location>?digest=} with the whole body) up to a size
 * threshold, through {@code PATCH} above it (one streamed request for the rest of the blob by
 * default, or chunks of a configured size, each with {@code Content-Range}; then an empty
 * {@code PUT ?digest=}). After a failed chunk the session's status ({@code GET <location>},
 * {@code Range} header) says where to continue; only failures in a row without the session growing
 * count against the {@link RetryPolicy}. A session the registry dropped (Distribution drops one
 * whose request broke off mid-body), or a monolithic {@code PUT} whose connection broke, is replaced
 * by a new session, from the blob's first byte, as the retry policy allows. A session given up on is cancelled ({@code DELETE <location>}). The blob is
 * read from its source, never held in memory.
 */
final class BlobUploader {
    private static final Pattern RANGE = Pattern.compile("(?:bytes=)?0-(\\d{1,18})");
    /**
     * Largest blob tried as a single POST. A registry without support (Distribution) ignores the
     * body, so its first small blob is sent twice; the limit bounds that waste, and configs and
     * other small blobs, which gain most from saving a round trip, stay under it.
     */
    static final long SINGLE_POST_LIMIT = 64 * 1024;

    private final HttpTransport transport;
    private final long chunkThreshold;
    private final long chunkSize;
    private final boolean singlePost;
    private final Set<String> singlePostDeclined = ConcurrentHashMap.newKeySet();

    /**
     * @param singlePost whether small blobs are first offered in one POST
     *     ({@link RegistryClient.Builder#singlePostUploads})
     */
    BlobUploader(HttpTransport transport, long chunkThreshold, long chunkSize, boolean singlePost) {
        this.transport = transport;
        this.chunkThreshold = chunkThreshold;
        this.chunkSize = chunkSize;
        this.singlePost = singlePost;
    }

    /**
     * Uploads a blob the repository lacks: in one request when enabled and the registry allows,
     * else through a new session.
     *
     * @return blob bytes sent by the upload that stored the blob; the body of a declined single
     *     POST (at most {@link #SINGLE_POST_LIMIT}, once per registry) is not counted, so the
     *     number is the same whichever way the registry took the blob
     */
    long upload(String registry, String repository, Digest digest, long size, BlobContent source,
            ProgressListener progress) {
        Session session = new Session(registry, repository, digest, size, source, progress);
        if (singlePost && size <= SINGLE_POST_LIMIT && size <= chunkThreshold
                && !singlePostDeclined.contains(registry)) {
            if (session.singlePost()) {
                return size;
            }
            singlePostDeclined.add(registry);
            if (session.location == null) {
                session.location = open(registry, repository, progress);
            }
            return send(session);
        }
        session.location = open(registry, repository, progress);
        return send(session);
    }

    /**
     * Sends the blob through the session at {@code location}, which a declined mount opened, and
     * commits it; cancels the session if that fails.
     *
     * @return blob bytes sent
     */
    long uploadInto(String location, String registry, String repository, Digest digest, long size,
            BlobContent source, ProgressListener progress) {
        Session session = new Session(registry, repository, digest, size, source, progress);
        session.location = location;
        return send(session);
    }

    /** Opens an upload session: {@code POST /v2/<name>/blobs/uploads/}, answered 202 with its location. */
    private String open(String registry, String repository, ProgressListener progress) {
        RegistryRequest request = RegistryRequest.of(registry, "POST", Endpoints.uploads(repository),
                List.of(Scope.push(repository)), "starting an upload to " + registry + "/" + repository)
                .progress(progress);
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() != 202) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
        return location(request, response);
    }

    /**
     * Sends the blob through the session, and through a new one each time the registry drops the
     * session, as the retry policy allows; cancels the session when the upload fails.
     */
    private long send(Session session) {
        long start = System.nanoTime();
        boolean chunked = session.size > chunkThreshold;
        for (int lost = 1; ; lost++) {
            String again;
            RuntimeException failure;
            try {
                return chunked ? session.chunked() : session.monolithic();
            } catch (NotFoundException e) {
                failure = e;
                again = isDropped(e) ? "the registry dropped the upload session (" + e.errorCode().orElse("HTTP 404")
                        + "); starting the blob again in a new one" : null;
            } catch (RegistryException e) {
                // A whole-blob PUT whose connection broke is not sent again blindly (it is not
                // idempotent); the blob is, so it goes again through a new session.
                failure = e;
                again = !chunked && e.statusCode() == -1 && e.getCause() instanceof IOException io
                        ? "the connection broke while the blob was sent (" + NetworkFailure.describe(io)
                                + "); starting the blob again in a new session" : null;
            } catch (RuntimeException e) {
                session.cancel();
                throw e;
            }
            session.cancel();
            if (again == null || !transport.awaitRetry(session.request("POST", Endpoints.uploads(session.repository)),
                    lost, start, again)) {
                throw failure;
            }
            session.location = open(session.registry, session.repository, session.progress);
        }
    }

    /**
     * Whether the registry no longer knows the session: the Distribution registry drops a session
     * whose request broke off in the middle of its body, as the bytes it kept no longer match the
     * session's state ({@code BLOB_UPLOAD_INVALID}); a session may also expire
     * ({@code BLOB_UPLOAD_UNKNOWN}). What it held is lost; only a new session can take the blob.
     */
    private static boolean isDropped(NotFoundException e) {
        return e.statusCode() == 404 && e.errorCode().filter(c -> c.equals("BLOB_UPLOAD_INVALID")
                || c.equals("BLOB_UPLOAD_UNKNOWN")).isPresent();
    }

    /**
     * The {@code Location} of an upload response, resolved against the URL that answered (the
     * registry's credentials go along only if it stays on the registry's origin).
     */
    static String location(RegistryRequest request, HttpResponse<InputStream> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                request.action() + " failed: the registry opened an upload without a Location",
                request.registry(), response.statusCode(), null));
        URI resolved;
        try {
            resolved = response.uri().resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new RegistryException(request.action() + " failed: the registry's upload Location is not a valid URL",
                    request.registry(), response.statusCode(), null);
        }
        if (!"http".equalsIgnoreCase(resolved.getScheme()) && !"https".equalsIgnoreCase(resolved.getScheme())
                || resolved.getHost() == null || resolved.getRawUserInfo() != null) {
            throw new RegistryException(request.action() + " failed: the registry's upload Location is not an"
                    + " http(s)://host URL", request.registry(), response.statusCode(), null);
        }
        return resolved.toString();
    }

    private final class Session {
        private final String registry;
        private final String repository;
        private final Digest digest;
        private final long size;
        private final BlobContent source;
        private final ProgressListener progress;
        private final String action;
        private String location;

        Session(String registry, String repository, Digest digest, long size, BlobContent source,
                ProgressListener progress) {
            this.registry = registry;
            this.repository = repository;
            this.digest = digest;
            this.size = size;
            this.source = source;
            this.progress = progress;
            this.action = "pushing blob " + digest + " to " + registry + "/" + repository;
        }

        /**
         * {@code POST <uploads>?digest=} with the whole body: true when the registry committed it
         * (201); false when it declined, either answering 202 with a session, which becomes this
         * one's location, or breaking the connection on a body it did not want.
         */
        boolean singlePost() {
            RegistryRequest request = request("POST", Endpoints.withQuery(Endpoints.uploads(repository), "digest",
                    digest.toString()))
                    .header("Content-Type", "application/octet-stream")
                    .body(body(0, size));
            HttpResponse<InputStream> response;
            try {
                response = transport.send(request);
            } catch (RegistryException e) {
                if (e.statusCode() != -1) {
                    throw e;
                }
                return false;
            }
            int status = response.statusCode();
            if (status != 201 && status != 202) {
                throw transport.error(request, response);
            }
            HttpTransport.discard(response);
            if (status == 202) {
                location = location(request, response);
            }
            return status == 201;
        }

        long monolithic() {
            RegistryRequest request = request("PUT", Endpoints.withQuery(location, "digest", digest.toString()))
                    .header("Content-Type", "application/octet-stream")
                    .body(body(0, size));
            HttpResponse<InputStream> response = transport.send(request);
            if (response.statusCode() != 201) {
                throw transport.error(request, response);
            }
            HttpTransport.discard(response);
            return size;
        }

        long chunked() {
            long offset = 0;
            long sent = 0;
            long start = System.nanoTime();
            int failures = 0;
            long offsetAtFailure = 0;
            while (offset < size) {
                long length = Math.min(chunkSize, size - offset);
                RegistryRequest request = request("PATCH", location)
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + length - 1))
                        .body(body(offset, length));
                String failure;
                try {
                    HttpResponse<InputStream> response = transport.send(request);
                    int status = response.statusCode();
                    if (status == 202) {
                        HttpTransport.discard(response);
                        sent += length;
                        location = location(request, response);
                        offset = confirmed(response, offset + length);
                        continue;
                    }
                    if (status < 500 && status != 408 && status != 416 && status != 429) {
                        throw transport.error(request, response);
                    }
                    HttpTransport.discard(response);
                    failure = "HTTP " + status;
                } catch (RegistryException e) {
                    if (e.statusCode() != -1) {
                        throw e;
                    }
                    failure = e.getCause() instanceof IOException io ? NetworkFailure.describe(io) : e.getMessage();
                }
                if (offset > offsetAtFailure) {
                    failures = 0;
                    start = System.nanoTime();
                }
                offsetAtFailure = offset;
                failures++;
                if (!transport.awaitRetry(request, failures, start, failure)) {
                    throw new RegistryException(action + " failed at byte " + offset + ": " + failure, registry,
                            -1, null);
                }
                offset = status(offset);
            }
            RegistryRequest commit = request("PUT", Endpoints.withQuery(location, "digest", digest.toString()));
            HttpResponse<InputStream> response = transport.send(commit);
            if (response.statusCode() != 201) {
                throw transport.error(commit, response);
            }
            HttpTransport.discard(response);
            return sent;
        }

        /** Asks the session how many bytes it holds; the upload continues from there. */
        private long status(long lastConfirmed) {
            RegistryRequest request = request("GET", location);
            HttpResponse<InputStream> response = transport.send(request);
            if (response.statusCode() != 204) {
                throw transport.error(request, response);
            }
            HttpTransport.discard(response);
            response.headers().firstValue("Location").ifPresent(l -> location = location(request, response));
            return confirmed(response, lastConfirmed);
        }

        /**
         * The session's size from its {@code Range: 0-<last byte>} header. Distribution answers
         * {@code 0-0} for both 0 and 1 byte; what was confirmed before decides.
         */
        private long confirmed(HttpResponse<InputStream> response, long fallback) {
            Matcher m = RANGE.matcher(response.headers().firstValue("Range").orElse(""));
            if (!m.matches()) {
                return fallback;
            }
            long last = Long.parseLong(m.group(1));
            if (last == 0) {
                return fallback >= 1 ? 1 : 0;
            }
            return last + 1;
        }

        void cancel() {
            try {
                HttpTransport.discard(transport.send(request("DELETE", location)));
            } catch (StowageException e) {
                // the session expires on its own; the original failure is what the caller needs
            }
        }

        private RegistryRequest request(String method, String target) {
            return RegistryRequest.of(registry, method, target, List.of(Scope.push(repository)), action)
                    .idempotent(method.equals("GET") || method.equals("DELETE"))
                    .progress(progress);
        }

        private Supplier<HttpRequest.BodyPublisher> body(long offset, long length) {
            return () -> HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return new BlobSlice(source.open(offset), length);
                } catch (IOException | RuntimeException e) {
                    throw new UncheckedIOException(ContentFailure.of(e));
                }
            }), length);
        }
    }
}
