package dev.stowage.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * it slow (a drip); {@link #faults()} injects the other {@link NetworkFaults}: resets every N
 * bytes, a stall mid-body, answers of its own (503, 429), connections closed before the headers,
 * chunked bodies cut short. Exchanges a fault broke are counted apart ({@link #brokenExchanges()}).
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
    private final List<Exchange> broken = new ArrayList<>();
    private final NetworkFaults faults = new NetworkFaults();
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

    /**
     * The requests whose connection broke before their answer ended (a reset, a cut, a closed
     * connection), with the body bytes that had passed each way; status 0 when no answer had begun.
     */
    public List<Exchange> brokenExchanges() {
        synchronized (exchanges) {
            return List.copyOf(broken);
        }
    }

    /** The faults this proxy injects, none until a test sets some. */
    public NetworkFaults faults() {
        return faults;
    }

    /** Request body bytes of every completed exchange: what clients uploaded. */
    public long requestBodyBytes() {
        return exchanges().stream().mapToLong(Exchange::requestBodyBytes).sum();
    }

    /** Response body bytes of every completed exchange: what clients downloaded. */
    public long responseBodyBytes() {
        return exchanges().stream().mapToLong(Exchange::responseBodyBytes).sum();
    }

    /** Sets every counter back to zero and forgets the exchanges seen, completed and broken. */
    public void reset() {
        synchronized (exchanges) {
            exchanges.clear();
            broken.clear();
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
        private final AtomicBoolean brokenRecorded = new AtomicBoolean();
        private final RequestSide requests = new RequestSide();
        private final ResponseSide responses = new ResponseSide();
        private long forwardedToClient;

        Connection(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() {
            open.add(client);
            open.add(target);
            pumps.execute(this::pumpRequests);
            pumps.execute(this::pumpResponses);
        }

        /**
         * Client to server. A request's head is held until it has all arrived, so that the faults
         * can decide about the request before any of it reaches the server.
         */
        private void pumpRequests() {
            HttpFraming framing = new HttpFraming(requests);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            byte[] buf = new byte[BUFFER];
            try (InputStream in = client.getInputStream()) {
                OutputStream out = target.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    int off = 0;
                    while (off < n) {
                        if (framing.opaque()) { // not HTTP/1.1 (any more): bytes pass as they come
                            forwardHead(head, out);
                            off += forward(buf, off, n - off, out, false, null);
                            continue;
                        }
                        if (!framing.inHead()) {
                            off += forward(buf, off, n - off, out, false, framing);
                            continue;
                        }
                        int part = framing.untilHeadEnd(buf, off, n - off);
                        head.write(buf, off, part);
                        framing.feed(buf, off, part);
                        off += part;
                        Optional<NetworkFaults.Action> decided = requests.decision();
                        if (decided == null && framing.opaque()) {
                            // no head after all (a TLS ClientHello): what was held passes now, as the
                            // client waits for an answer to it before it sends more
                            forwardHead(head, out);
                            continue;
                        }
                        if (decided == null) {
                            continue; // the head goes on in the next bytes
                        }
                        if (decided.isPresent() && decided.get() instanceof NetworkFaults.Action.Respond answer) {
                            answer(answer, framing, in, buf, off, n);
                            return;
                        }
                        if (decided.isPresent() && decided.get() instanceof NetworkFaults.Action.CloseBeforeHeaders) {
                            Pending dropped = requests.current;
                            synchronized (exchanges) {
                                broken.add(new Exchange(dropped.method, dropped.target, 0, 0, 0));
                            }
                            closeBoth();
                            return;
                        }
                        forwardHead(head, out);
                    }
                }
                forwardHead(head, out);
                framing.close();
                target.shutdownOutput();
            } catch (ResetException e) {
                resetBoth();
            } catch (IOException e) {
                closeBoth(); // one side went away: the other one goes too
            } finally {
                ended();
            }
        }

        /** Server to client, through the cut, the throttle and the faults. */
        private void pumpResponses() {
            HttpFraming framing = new HttpFraming(responses);
            byte[] buf = new byte[BUFFER];
            try (InputStream in = target.getInputStream()) {
                OutputStream out = client.getOutputStream();
                int n;
                pumping:
                while ((n = in.read(buf)) >= 0) {
                    int off = 0;
                    while (off < n) {
                        int want = framing.opaque() ? n - off : framing.untilHeadEnd(buf, off, n - off);
                        int allowed = (int) Math.min(want, responses.untilChunkedCut());
                        long limit = responseLimit.get();
                        if (limit >= 0) {
                            allowed = (int) Math.max(0, Math.min(allowed, limit - forwardedToClient));
                        }
                        boolean body = !framing.opaque() && !framing.inHead();
                        int passed = forward(buf, off, allowed, out, true, framing.opaque() ? null : framing);
                        if (body) {
                            responses.sinceHead += passed;
                        }
                        forwardedToClient += passed;
                        throttle(passed);
                        off += passed;
                        if (passed < want && (limit >= 0 && forwardedToClient >= limit || responses.untilChunkedCut() == 0)) {
                            break pumping; // cut here, as a broken network would
                        }
                    }
                }
                if (responseLimit.get() >= 0 && forwardedToClient >= responseLimit.get() || responses.untilChunkedCut() == 0) {
                    recordBroken();
                    closeBoth();
                } else {
                    framing.close();
                    client.shutdownOutput();
                }
            } catch (ResetException e) {
                resetBoth();
            } catch (IOException e) {
                closeBoth();
            } finally {
                ended();
            }
        }

        /**
         * Writes up to {@code len} bytes, as many as the faults let pass, feeding {@code framing}
         * (when given) exactly what was written; waits out a stall; throws {@link ResetException}
         * once the bytes before a reset are written.
         *
         * @return bytes written
         */
        private int forward(byte[] buf, int off, int len, OutputStream out, boolean response, HttpFraming framing)
                throws IOException {
            int written = 0;
            while (written < len) {
                NetworkFaults.Budget budget = faults.take(len - written, response);
                if (budget.pass() > 0) {
                    // Counted before they are written: a client that has its answer finds it counted.
                    if (framing != null) {
                        framing.feed(buf, off + written, budget.pass());
                    }
                    (response ? toClient : toServer).addAndGet(budget.pass());
                    out.write(buf, off + written, budget.pass());
                    out.flush();
                    written += budget.pass();
                }
                if (budget.reset()) {
                    throw new ResetException();
                }
                if (budget.stall() != null) {
                    sleep(budget.stall());
                }
            }
            return written;
        }

        private void forwardHead(ByteArrayOutputStream head, OutputStream out) throws IOException {
            if (head.size() > 0) {
                byte[] bytes = head.toByteArray();
                head.reset();
                forward(bytes, 0, bytes.length, out, false, null); // the framing has read them already
            }
        }

        /**
         * Answers the request whose head was just read in the server's place: reads its body (not
         * passed on), sends the answer and closes the connection.
         */
        private void answer(NetworkFaults.Action.Respond answer, HttpFraming framing, InputStream in, byte[] buf, int off,
                int n) throws IOException {
            Pending request = requests.current;
            synchronized (awaiting) {
                awaiting.remove(request);
            }
            client.setSoTimeout(10_000);
            int from = off;
            int count = n;
            while (!requests.ended && !framing.opaque()) {
                if (from < count) {
                    framing.feed(buf, from, count - from);
                }
                if (requests.ended || (count = in.read(buf)) < 0) {
                    break;
                }
                from = 0;
            }
            byte[] body = ("{\"errors\":[{\"code\":\"" + (answer.status() == 429 ? "TOOMANYREQUESTS" : "UNAVAILABLE")
                    + "\",\"message\":\"answered by the test proxy\"}]}").getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status() + " " + reason(answer.status()) + "\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append("Docker-Distribution-Api-Version: registry/2.0\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n")
                    .append("Connection: close\r\n");
            answer.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            synchronized (exchanges) {
                exchanges.add(new Exchange(request.method, request.target, answer.status(), request.bodyBytes, body.length));
            }
            toClient.addAndGet(headBytes.length + body.length);
            OutputStream out = client.getOutputStream();
            out.write(headBytes);
            out.write(body);
            out.flush();
            client.shutdownOutput();
            closeBoth();
        }

        private void sleep(Duration stall) throws IOException {
            try {
                Thread.sleep(stall.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("proxy closing", e);
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

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(target);
        }

        /** Ends both connections with a TCP reset, as a broken network path does. */
        private void resetBoth() {
            recordBroken();
            for (Socket s : List.of(client, target)) {
                try {
                    s.setSoLinger(true, 0);
                } catch (IOException e) {
                    // already closed: nothing left to reset
                }
                closeQuietly(s);
            }
        }

        /** After each pump: the last one closes the connection and records what broke with it. */
        private void ended() {
            if (running.decrementAndGet() != 0) {
                return;
            }
            closeBoth();
            open.remove(client);
            open.remove(target);
            slots.release();
            recordBroken();
        }

        /**
         * Records the exchanges the connection's end breaks, once: called before a fault closes the
         * connection, so that a client that sees the break finds it counted.
         */
        private void recordBroken() {
            if (!brokenRecorded.compareAndSet(false, true)) {
                return;
            }
            List<Exchange> cut = new ArrayList<>();
            responses.inProgress().ifPresent(cut::add);
            synchronized (awaiting) {
                awaiting.forEach(p -> cut.add(new Exchange(p.method, p.target, 0, p.bodyBytes, 0)));
                awaiting.clear();
            }
            synchronized (exchanges) {
                broken.addAll(cut);
            }
        }

        /** A request whose response has not begun. */
        private static final class Pending {
            final String method;
            final String target;
            volatile long bodyBytes;
            volatile long cutChunkedAfter = -1;

            Pending(String method, String target) {
                this.method = method;
                this.target = target;
            }
        }

        private final class RequestSide implements HttpFraming.Listener {
            private Pending current;
            private Optional<NetworkFaults.Action> decision;
            private boolean ended;

            /** What the faults decided about the request whose head just ended, once; null while no head ended. */
            Optional<NetworkFaults.Action> decision() {
                Optional<NetworkFaults.Action> d = decision;
                decision = null;
                return d;
            }

            @Override
            public HttpFraming.Body onHead(String startLine, String headers) {
                String[] parts = startLine.split(" ");
                if (parts.length < 3) {
                    return null;
                }
                current = new Pending(parts[0], parts[1]);
                ended = false;
                synchronized (requestLines) {
                    requestLines.add(parts[0] + " " + parts[1]);
                    requestLines.notifyAll();
                }
                decision = faults.decide(parts[0], parts[1]);
                if (decision.isPresent() && decision.get() instanceof NetworkFaults.Action.CutChunkedBody cut) {
                    current.cutChunkedAfter = cut.afterBytes();
                }
                if (decision.isEmpty() || decision.get() instanceof NetworkFaults.Action.CutChunkedBody) {
                    synchronized (awaiting) {
                        awaiting.addLast(current);
                    }
                }
                return HttpFraming.Body.declared(headers, HttpFraming.Body.NONE);
            }

            @Override
            public void onBody(long n) {
                current.bodyBytes += n;
            }

            @Override
            public void onEnd() {
                ended = true;
            }
        }

        private final class ResponseSide implements HttpFraming.Listener {
            private Pending request;
            private int status;
            private long bodyBytes;
            private long cutAfter = -1;
            private long sinceHead;

            @Override
            public HttpFraming.Body onHead(String startLine, String headers) {
                String[] parts = startLine.split(" ");
                try {
                    status = Integer.parseInt(parts[1]);
                } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                    return null;
                }
                bodyBytes = 0;
                sinceHead = 0;
                cutAfter = -1;
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
                HttpFraming.Body body = HttpFraming.Body.declared(headers, HttpFraming.Body.UNTIL_CLOSE);
                if (body != null && body.kind() == HttpFraming.Kind.CHUNKED) {
                    cutAfter = request.cutChunkedAfter;
                }
                return body;
            }

            /**
             * Bytes after the current head (chunk framing included) that may pass before a chunked
             * body is cut; MAX_VALUE when none is to be.
             */
            long untilChunkedCut() {
                return cutAfter < 0 ? Long.MAX_VALUE : Math.max(0, cutAfter - sinceHead);
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
                cutAfter = -1;
            }

            /** The response cut in the middle, if one was. */
            Optional<Exchange> inProgress() {
                return request == null ? Optional.empty()
                        : Optional.of(new Exchange(request.method, request.target, status, request.bodyBytes, bodyBytes));
            }
        }
    }

    /** Thrown by a pump once the bytes before a reset have passed. */
    private static final class ResetException extends IOException {
        ResetException() {
            super("reset by the proxy's faults");
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort: the connection is going away either way
        }
    }
}
