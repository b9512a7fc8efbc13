package dev.stowage.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The deadlines of a request with a body (an upload), which the JDK's request timeout cannot
 * express, as it counts the time to send the body too: the body must keep moving (no buffer taken
 * by the connection for the idle timeout, the first once connected), and once all of it is sent,
 * the response must start within the first-byte timeout. Wraps the body's publisher to see it move
 * and waits for the response on the caller's thread, cancelling the exchange when a deadline passes.
 */
final class UploadWatch implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher body;
    private final Duration connect;
    private final Duration idle;
    private final Duration firstByte;
    private final long created = System.nanoTime();
    private volatile long lastMove;
    private volatile boolean subscribed;
    private volatile long sentAt;
    private volatile boolean sent;

    UploadWatch(HttpRequest.BodyPublisher body, Duration connect, Duration idle, Duration firstByte) {
        this.body = body;
        this.connect = connect;
        this.idle = idle;
        this.firstByte = firstByte;
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        body.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                lastMove = System.nanoTime();
                subscribed = true;
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                // a new buffer is asked for once the connection took the previous ones
                lastMove = System.nanoTime();
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                sentAt = System.nanoTime();
                sent = true;
                subscriber.onComplete();
            }
        });
    }

    /**
     * Waits for the response of the exchange this body is part of, cancelling it once the body
     * stops moving or the response is late.
     */
    <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> exchange) throws IOException {
        try {
            while (true) {
                long now = System.nanoTime();
                long due = sent ? sentAt + firstByte.toNanos()
                        : subscribed ? lastMove + idle.toNanos()
                        : created + connect.toNanos() + idle.toNanos();
                if (now - due >= 0) {
                    exchange.cancel(true);
                    throw new HttpTimeoutException(sent
                            ? "no response within " + Durations.text(firstByte) + " after the request body was sent"
                            : "the registry stopped reading the request body for " + Durations.text(idle));
                }
                try {
                    return exchange.get(due - now, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // a deadline may have moved meanwhile: look again
                }
            }
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending a request body");
        } catch (CancellationException e) {
            throw new IOException("the request was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }
}
