package dev.stowage.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A TCP proxy on a free 127.0.0.1 port in front of a server (typically a {@link TestRegistry}),
 * counting what passes, so that tests and benchmarks measure traffic from outside the client:
 * bytes each way and every plain-HTTP/1.1 exchange (method, target, status, body
 * bytes each way). Clients address the proxy ({@link #host()}) instead of the server; the
 * registry builds its upload locations from the {@code Host} header, so they point at the proxy
 * too.
 *
 * <pre>{@code
 * try (CountingProxy proxy = CountingProxy.to(registry.registry())) {
 *     images.push(proxy.host() + "/team/app:1").call();
 *     assertThat(proxy.exchanges(e -> e.method().equals("PATCH"))).isEmpty();
 *     long uploaded = proxy.requestBodyBytes();
 * }
 * }</pre>
 *
 * <p>At most {@code maxConnections} connections are served at once (two threads each); further
 * clients wait in the listen backlog. {@link #cutResponsesAfter(long)} makes it break
 * connections mid-response, as a flaky network would; {@link #throttleResponses(long)} makes
 * it slow.
 */
public final class CountingProxy implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    // JDK 17's HttpClient cannot be closed, so each client a test suite builds keeps its idle
    // keep-alive connections (up to one per parallel transfer) for the life of the JVM; a small
    // cap made later tests wait for a slot forever. Threads are only created as connections come.
    private static final int DEFAULT_MAX_CONNECTIONS = 512;

    /**
     * One request and its response.
     *
     * @param target the request target as sent, e.g. {@code /v2/team/app/blobs/uploads/?mount=…&from=…}
     * @param requestBodyBytes body bytes the client sent (without chunk framing)
     * @param responseBodyBytes body bytes the server sent
     */
    public record Exchange(String method, String target, int status, long requestBodyBytes, long responseBodyBytes) {
    }

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final ExecutorService pumps;
    private final Semaphore slots;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private final List<Exchange> exchanges = new ArrayList<>();
    private final AtomicLong responseLimit = new AtomicLong(-1);
    private final AtomicLong responseRate = new AtomicLong(-1);
    private final List<String> requestLines = new ArrayList<>();
    private volatile boolean closed;

    private CountingProxy(InetSocketAddress upstream, int maxConnections) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.slots = new Semaphore(maxConnections);
        AtomicInteger threads = new AtomicInteger();
        this.pumps = Executors.newFixedThreadPool(2 * maxConnections, task -> {
            Thread t = new Thread(task, "counting-proxy-" + server.getLocalPort() + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "counting-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code host:port}, serving up to 512 connections at once. */
    public static CountingProxy start(String host, int port) {
        return start(host, port, DEFAULT_MAX_CONNECTIONS);
    }

    /** A proxy to {@code host:port}, serving up to {@code maxConnections} connections at once. */
    public static CountingProxy start(String host, int port, int maxConnections) {
        Objects.requireNonNull(host, "host");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        try {
            return new CountingProxy(new InetSocketAddress(host, port), maxConnections);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a proxy port on 127.0.0.1", e);
        }
    }

    /** A proxy in front of a test registry. */
    public static CountingProxy to(TestRegistry registry) {
        return start("127.0.0.1", registry.port());
    }

    /** {@code 127.0.0.1:PORT}: what clients use as the registry's host in image references. */
    public String host() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Bytes clients sent, headers and framing included. */
    public long bytesToServer() {
        return toServer.get();
    }

    /** Bytes the server sent back, headers and framing included. */
    public long bytesToClient() {
        return toClient.get();
    }

    /** HTTP requests seen (a request counts once its head has passed, answered or not). */
    public int requests() {
        synchronized (requestLines) {
            return requestLines.size();
        }
    }

    /** {@code METHOD target} of every request seen, answered or not, in the order they arrived. */
    public List<String> requestLines() {
        synchronized (requestLines) {
            return List.copyOf(requestLines);
        }
    }

    /**
     * Waits until a request whose {@code METHOD target} line {@code filter} accepts has been seen
     * (since the start or the last {@link #reset()}), or {@code timeout} has passed; a test waits
     * for a moment in a transfer this way, without spinning.
     *
     * @return whether such a request was seen
     */
    public boolean awaitRequest(Predicate<String> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requestLines) {
            while (requestLines.stream().noneMatch(filter)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(requestLines, left);
            }
            return true;
        }
    }

    /** Every completed request and response, in the order the responses ended. */
    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    /** The completed exchanges {@code filter} accepts. */
    public List<Exchange> exchanges(Predicate<Exchange> filter) {
        return exchanges().stream().filter(filter).toList();
    }

    /** Request body bytes of every completed exchange: what clients uploaded. */
    public long requestBodyBytes() {
        return exchanges().stream().mapToLong(Exchange::requestBodyBytes).sum();
    }

    /** Response body bytes of every completed exchange: what clients downloaded. */
    public long responseBodyBytes() {
        return exchanges().stream().mapToLong(Exchange::responseBodyBytes).sum();
    }

    /** Sets every counter back to zero and forgets the exchanges seen. */
    public void reset() {
        synchronized (exchanges) {
            exchanges.clear();
        }
        synchronized (requestLines) {
            requestLines.clear();
        }
        toServer.set(0);
        toClient.set(0);
    }

    /**
     * From now on, closes each connection once it has carried {@code bytes} bytes from the
     * server to the client, cutting the response in the middle; -1 stops cutting.
     */
    public void cutResponsesAfter(long bytes) {
        if (bytes < -1) {
            throw new IllegalArgumentException("bytes must be -1 (no cut) or non-negative, got " + bytes);
        }
        responseLimit.set(bytes);
    }

    /**
     * From now on, lets each connection carry at most {@code bytesPerSecond} from the server to
     * the client, so that a transfer lasts long enough for something to happen meanwhile; -1
     * stops throttling.
     */
    public void throttleResponses(long bytesPerSecond) {
        if (bytesPerSecond == 0 || bytesPerSecond < -1) {
            throw new IllegalArgumentException("bytes per second must be -1 (no limit) or positive, got " + bytesPerSecond);
        }
        responseRate.set(bytesPerSecond);
    }

    /** Stops listening and breaks every open connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(CountingProxy::closeQuietly);
        pumps.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
            pumps.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "CountingProxy[" + host() + " -> " + upstream.getHostString() + ":" + upstream.getPort() + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                slots.release();
                return; // closed
            }
            try {
                Socket target = new Socket();
                target.connect(upstream, 10_000);
                // Forward each piece as it comes: with Nagle's algorithm the last short segment of a
                // response waits for the client's delayed ACK (up to 40 ms), a delay of the proxy's own.
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                new Connection(client, target).start();
            } catch (IOException | RuntimeException e) {
                closeQuietly(client);
                slots.release();
            }
        }
    }

    /** One proxied connection: a pump each way, and the requests awaiting their responses. */
    private final class Connection {
        private final Socket client;
        private final Socket target;
        private final Deque<Pending> awaiting = new ArrayDeque<>();
        private final AtomicInteger running = new AtomicInteger(2);
        private long forwardedToClient;

        Connection(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() {
            open.add(client);
            open.add(target);
            pumps.execute(() -> pump(client, target, toServer, new HttpFraming(new RequestSide()), false));
            pumps.execute(() -> pump(target, client, toClient, new HttpFraming(new ResponseSide()), true));
        }

        private void pump(Socket from, Socket to, AtomicLong counter, HttpFraming framing, boolean response) {
            byte[] buf = new byte[BUFFER];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    int forward = response ? allowed(n) : n;
                    observe(framing, buf, forward);
                    counter.addAndGet(forward);
                    out.write(buf, 0, forward);
                    out.flush();
                    if (response) {
                        throttle(forward);
                    }
                    if (forward < n) {
                        break; // cut here, as a broken network would
                    }
                }
                if (response && responseLimit.get() >= 0 && forwardedToClient >= responseLimit.get()) {
                    closeQuietly(client);
                    closeQuietly(target);
                } else {
                    framing.close();
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                // one side went away: the other one goes too
                closeQuietly(client);
                closeQuietly(target);
            } finally {
                if (running.decrementAndGet() == 0) {
                    closeQuietly(client);
                    closeQuietly(target);
                    open.remove(client);
                    open.remove(target);
                    slots.release();
                }
            }
        }

        private void throttle(int n) throws IOException {
            long rate = responseRate.get();
            if (rate > 0 && n > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(n * 1_000_000_000L / rate);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("proxy closing", e);
                }
            }
        }

        /** How many of {@code n} response bytes may still pass before the cut. */
        private int allowed(int n) {
            long limit = responseLimit.get();
            int allowed = limit < 0 ? n : (int) Math.max(0, Math.min(n, limit - forwardedToClient));
            forwardedToClient += allowed;
            return allowed;
        }

        private static void observe(HttpFraming framing, byte[] buf, int n) {
            if (n > 0 && !framing.opaque()) {
                framing.feed(buf, 0, n);
            }
        }

        /** A request whose response has not begun. */
        private static final class Pending {
            final String method;
            final String target;
            volatile long bodyBytes;

            Pending(String method, String target) {
                this.method = method;
                this.target = target;
            }
        }

        private final class RequestSide implements HttpFraming.Listener {
            private Pending current;

            @Override
            public HttpFraming.Body onHead(String startLine, String headers) {
                String[] parts = startLine.split(" ");
                if (parts.length < 3) {
                    return null;
                }
                current = new Pending(parts[0], parts[1]);
                synchronized (awaiting) {
                    awaiting.addLast(current);
                }
                synchronized (requestLines) {
                    requestLines.add(parts[0] + " " + parts[1]);
                    requestLines.notifyAll();
                }
                return HttpFraming.Body.declared(headers, HttpFraming.Body.NONE);
            }

            @Override
            public void onBody(long n) {
                current.bodyBytes += n;
            }

            @Override
            public void onEnd() {
            }
        }

        private final class ResponseSide implements HttpFraming.Listener {
            private Pending request;
            private int status;
            private long bodyBytes;

            @Override
            public HttpFraming.Body onHead(String startLine, String headers) {
                String[] parts = startLine.split(" ");
                try {
                    status = Integer.parseInt(parts[1]);
                } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                    return null;
                }
                bodyBytes = 0;
                if (status / 100 == 1) {
                    request = null; // interim answer (100 Continue): the final one follows
                    return HttpFraming.Body.NONE;
                }
                synchronized (awaiting) {
                    request = awaiting.pollFirst();
                }
                if (request == null) {
                    return null;
                }
                if (request.method.equals("HEAD") || status == 204 || status == 304) {
                    return HttpFraming.Body.NONE;
                }
                return HttpFraming.Body.declared(headers, HttpFraming.Body.UNTIL_CLOSE);
            }

            @Override
            public void onBody(long n) {
                bodyBytes += n;
            }

            @Override
            public void onEnd() {
                if (request != null) {
                    synchronized (exchanges) {
                        exchanges.add(new Exchange(request.method, request.target, status, request.bodyBytes, bodyBytes));
                    }
                    request = null;
                }
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort: the connection is going away either way
        }
    }
}
