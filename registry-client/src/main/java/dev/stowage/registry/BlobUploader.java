package dev.stowage.registry;

import dev.stowage.core.RegistryException;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.ProgressEvent;
import dev.stowage.core.spi.ProgressListener;
import dev.stowage.registry.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob upload through a session: monolithic ({@code PUT <location>?digest=} with the whole body)
 * up to a size threshold, chunked above it ({@code PATCH} with {@code Content-Range} per chunk,
 * then an empty {@code PUT ?digest=}). After a failed chunk the session's status ({@code GET
 * <location>}, {@code Range} header) says where to continue. A session given up on is cancelled
 * ({@code DELETE <location>}). The blob is read from its source, never held in memory.
 */
final class BlobUploader {
    private static final Pattern RANGE = Pattern.compile("(?:bytes=)?0-(\\d+)");

    private final HttpTransport transport;
    private final long chunkThreshold;
    private final long chunkSize;

    BlobUploader(HttpTransport transport, long chunkThreshold, long chunkSize) {
        this.transport = transport;
        this.chunkThreshold = chunkThreshold;
        this.chunkSize = chunkSize;
    }

    /** Opens an upload session: {@code POST /v2/<name>/blobs/uploads/}, answered 202 with its location. */
    String open(String registry, String repository, ProgressListener progress) {
        RegistryRequest request = RegistryRequest.of(registry, "POST", Endpoints.uploads(repository),
                List.of(Scope.push(repository)), "starting an upload to " + registry + "/" + repository)
                .progress(progress);
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() != 202) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
        return location(request, response, transport);
    }

    /**
     * Sends the blob through the session at {@code location} and commits it; cancels the session if
     * that fails.
     *
     * @return blob bytes the registry accepted
     */
    long upload(String registry, String repository, Digest digest, long size, BlobContent source, String location,
            ProgressListener progress) {
        Session session = new Session(registry, repository, digest, size, source, location, progress);
        try {
            long sent = size > chunkThreshold ? session.chunked() : session.monolithic();
            progress.onEvent(new ProgressEvent.Uploaded(digest, size));
            return sent;
        } catch (RuntimeException e) {
            session.cancel();
            throw e;
        }
    }

    /** The absolute or registry-relative {@code Location} of an upload response. */
    static String location(RegistryRequest request, HttpResponse<InputStream> response, HttpTransport transport) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                request.action() + " failed: the registry opened an upload without a Location",
                request.registry(), response.statusCode(), null));
        return transport.resolve(request.registry(), "/v2/").resolve(location).toString();
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

        Session(String registry, String repository, Digest digest, long size, BlobContent source, String location,
                ProgressListener progress) {
            this.registry = registry;
            this.repository = repository;
            this.digest = digest;
            this.size = size;
            this.source = source;
            this.location = location;
            this.progress = progress;
            this.action = "pushing blob " + digest + " to " + registry + "/" + repository;
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
                        location = location(request, response, transport);
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
                    failure = e.getCause() instanceof IOException io ? HttpTransport.describe(io) : e.getMessage();
                }
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
            response.headers().firstValue("Location").ifPresent(l -> location = location(request, response, transport));
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
                    return new BlobSlice(source.open(offset), offset, length, size, digest, progress);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read blob " + digest + " at offset " + offset, e);
                }
            }), length);
        }
    }
}
