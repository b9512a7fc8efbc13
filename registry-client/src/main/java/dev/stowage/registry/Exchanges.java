package dev.stowage.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every exchange a registry client sends, and whether the client is still open. The JDK's own
 * timeouts are kept by the client's selector thread; once the client is closed that thread is
 * gone, and a request sent then (or in flight then) would wait forever. So a closed client
 * refuses new requests, closing ends every exchange still waiting for its answer, and the caller
 * waits on its own thread with a deadline of its own.
 */
final class Exchanges {
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @throws IllegalStateException once {@link #close()} was called */
    void ensureOpen() {
        if (closed) {
            throw closedFailure();
        }
    }

    /**
     * Sends {@code request} and waits for the response's head, at most {@code wait} (a bound over
     * the JDK's own timeouts, which need the client's thread).
     *
     * @throws IllegalStateException if the client is closed, before or while waiting
     */
    <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
            Duration wait) throws IOException {
        CompletableFuture<HttpResponse<T>> exchange = sendAsync(client, request, handler);
        try {
            return exchange.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no response within " + Durations.text(wait));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + request.method() + " "
                    + request.uri().getHost());
        } catch (CancellationException e) {
            ensureOpen();
            throw new IOException("the request was cancelled", e);
        } catch (ExecutionException e) {
            ensureOpen(); // whatever failed, a closed client is the news
            throw unwrap(e.getCause());
        }
    }

    /**
     * Sends {@code request}; the future fails with {@link IllegalStateException} if the client is
     * closed before the response's head arrives.
     *
     * @throws IllegalStateException if the client is closed
     */
    <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpClient client, HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        ensureOpen();
        CompletableFuture<HttpResponse<T>> tracked = new CompletableFuture<>();
        inFlight.add(tracked);
        CompletableFuture<HttpResponse<T>> sent = client.sendAsync(request, handler);
        sent.whenComplete((response, failure) -> {
            inFlight.remove(tracked);
            boolean taken = failure == null ? tracked.complete(response) : tracked.completeExceptionally(failure);
            if (!taken && response != null && response.body() instanceof AutoCloseable body) {
                closeQuietly(body); // answered after closing ended the wait: nobody reads it
            }
        });
        tracked.whenComplete((response, failure) -> {
            if (failure != null) {
                sent.cancel(true);
            }
        });
        if (closed) { // closed between the check and the registration: close() may have missed it
            tracked.completeExceptionally(closedFailure());
        }
        return tracked;
    }

    /** Refuses new exchanges and ends those in flight with {@link IllegalStateException}. */
    void close() {
        closed = true;
        for (CompletableFuture<?> exchange : List.copyOf(inFlight)) {
            exchange.completeExceptionally(closedFailure());
        }
        inFlight.clear();
    }

    private static IllegalStateException closedFailure() {
        return new IllegalStateException("the registry client is closed");
    }

    private static IOException unwrap(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    private static void closeQuietly(AutoCloseable body) {
        try {
            body.close();
        } catch (Exception e) {
            // a body nobody will read: nothing to report
        }
    }
}
