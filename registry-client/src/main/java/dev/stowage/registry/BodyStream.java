package dev.stowage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response body read as an {@link InputStream}, with about {@value #WINDOW_BYTES} bytes of
 * deliveries in flight. The JDK's {@code BodyHandlers.ofInputStream()} asks for one buffer at a
 * time, so every buffer costs a hand-over between the client's thread and the reader, and a read
 * returns at most one buffer; here the client keeps reading ahead while the reader digests and
 * writes, and one read drains as many buffers as fit. Memory stays bounded by the window. A body
 * that stalls (the request timeout covers only the headers) fails a read with
 * {@link HttpTimeoutException} once no byte came for the idle timeout, so a download can resume
 * instead of hanging. A body also has an overall deadline, counted from its headers, unless the
 * reader lifts it with {@link #streaming()} (a blob, whose size has no bound): a small body
 * trickled a byte at a time never goes idle, yet must end.
 *
 * <p>The window is counted in deliveries, the unit of demand, each at most the client's read
 * buffer ({@code jdk.httpclient.bufsize}, 16 KiB unless the JVM sets it): 128 of them by
 * default, 8 with the command line's 256 KiB buffers.
 */
final class BodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    static final int WINDOW_BYTES = 2 << 20;
    /** The JDK client's read size; it reads the same property, once, when its classes load. */
    private static final int CLIENT_BUFFER = Math.max(1024, Integer.getInteger("jdk.httpclient.bufsize", 16 * 1024));
    static final int WINDOW = Math.max(4, WINDOW_BYTES / CLIENT_BUFFER);
    /**
     * A waiting reader is woken once about 256 KiB are queued (or the body ended, or all asked for
     * arrived): one hand-over per batch rather than per small buffer.
     */
    static final int WAKE_BATCH = Math.max(1, (256 << 10) / CLIENT_BUFFER);

    private final long idleTimeoutNanos;
    private final Duration deadline;
    /** When the whole body must have arrived ({@link System#nanoTime}); none once streaming. */
    private final long dueNanos;
    private volatile boolean streaming;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** Deliveries not yet read to their end; each was one unit of demand. */
    private final ArrayDeque<List<ByteBuffer>> deliveries = new ArrayDeque<>();
    private Flow.Subscription subscription;
    private int consumedSinceRequest;
    /** Deliveries asked for and not yet received. */
    private int demand;
    private boolean complete;
    private Throwable failure;
    private boolean closed;

    /**
     * @param idleTimeout how long a read waits for the next byte
     * @param deadline how long the whole body may take, from now
     */
    BodyStream(Duration idleTimeout, Duration deadline) {
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.deadline = deadline;
        this.dueNanos = System.nanoTime() + deadline.toNanos();
    }

    /**
     * For {@code HttpClient.send}: every response body read this way, failing once idle for
     * {@code idleTimeout} or, unless {@linkplain #streaming() streamed}, once {@code deadline}
     * has passed since the headers arrived.
     */
    static HttpResponse.BodyHandler<InputStream> handler(Duration idleTimeout, Duration deadline) {
        return info -> new BodyStream(idleTimeout, deadline);
    }

    /**
     * The body of a blob, read for as long as bytes keep coming: only the idle timeout applies to
     * it. {@code body} is a response body from {@link #handler}; returns it.
     */
    static InputStream streaming(InputStream body) {
        if (body instanceof BodyStream stream) {
            stream.streaming = true;
        }
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        lock.lock();
        try {
            cancel = subscription != null || closed;
            if (!cancel) {
                subscription = s;
                demand = WINDOW;
            }
        } finally {
            lock.unlock();
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            deliveries.add(items);
            demand--;
            if (deliveries.size() >= WAKE_BATCH || demand <= 0) {
                arrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        lock.lock();
        try {
            failure = throwable;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onComplete() {
        lock.lock();
        try {
            complete = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Blocks until some bytes are there, then copies as many as are there, up to {@code len}. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            int copied = 0;
            int more = 0;
            Flow.Subscription toRequest = null;
            boolean end;
            lock.lock();
            try {
                checkDeadline();
                long idle = idleTimeoutNanos;
                while (deliveries.isEmpty() && !complete && failure == null && !closed) {
                    if (idle <= 0) {
                        throw new HttpTimeoutException("no byte of the response body for "
                                + Durations.text(Duration.ofNanos(idleTimeoutNanos)));
                    }
                    long wait = streaming ? idle : Math.min(idle, dueNanos - System.nanoTime());
                    try {
                        long left = arrived.awaitNanos(Math.max(wait, 0));
                        idle -= wait - left;
                        checkDeadline();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading a response body");
                    }
                }
                if (closed) {
                    throw new IOException("the response body was closed");
                }
                while (copied < len && !deliveries.isEmpty()) {
                    ByteBuffer head = firstWithBytes(deliveries.peek());
                    if (head == null) {
                        deliveries.poll();
                        consumedSinceRequest++;
                        continue;
                    }
                    int n = Math.min(head.remaining(), len - copied);
                    head.get(b, off + copied, n);
                    copied += n;
                }
                // ask for more once half the window is used, so the client does not wait on an empty one
                if (consumedSinceRequest >= WINDOW / 2 && !complete && subscription != null) {
                    toRequest = subscription;
                    more = consumedSinceRequest;
                    demand += more;
                    consumedSinceRequest = 0;
                }
                if (copied == 0 && failure != null) {
                    throw failure instanceof IOException io ? io : new IOException(failure);
                }
                end = copied == 0 && complete;
            } finally {
                lock.unlock();
            }
            if (toRequest != null) {
                toRequest.request(more); // outside the lock: the client may deliver on this thread
            }
            if (copied > 0) {
                return copied;
            }
            if (end) {
                return -1;
            }
        }
    }

    private void checkDeadline() throws HttpTimeoutException {
        if (!streaming && System.nanoTime() - dueNanos >= 0 && !complete) {
            throw new HttpTimeoutException("the response body did not arrive within " + Durations.text(deadline));
        }
    }

    private static ByteBuffer firstWithBytes(List<ByteBuffer> delivery) {
        for (ByteBuffer buffer : delivery) {
            if (buffer.hasRemaining()) {
                return buffer;
            }
        }
        return null;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            long sum = 0;
            for (List<ByteBuffer> delivery : deliveries) {
                for (ByteBuffer buffer : delivery) {
                    sum += buffer.remaining();
                }
            }
            return (int) Math.min(Integer.MAX_VALUE, sum);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the transfer if the body was not read to its end; the connection is then not reused. */
    @Override
    public void close() {
        Flow.Subscription s;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            deliveries.clear();
            s = complete || failure != null ? null : subscription;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.cancel();
        }
    }
}
