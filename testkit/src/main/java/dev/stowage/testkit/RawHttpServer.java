package dev.stowage.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on a free 127.0.0.1 port speaking just enough HTTP/1.1 for a test to write each answer
 * by hand: the replies no real registry gives on demand (a body that stalls, trickles or never
 * ends, a header a parser refuses, a server that reads a request and never answers). The handler
 * runs once per request, on the connection's own thread; connections are kept alive until the
 * handler closes one. Every request head is recorded.
 *
 * <pre>{@code
 * try (RawHttpServer server = RawHttpServer.start(exchange -> {
 *     exchange.output().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(US_ASCII));
 *     exchange.hang(); // 100 bytes announced, none sent, until the test stops the server
 * })) {
 *     assertThrows(RegistryException.class, () -> client.fetchManifest(parse(server.host() + "/app:1")));
 * }
 * }</pre>
 */
public final class RawHttpServer implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;
    private static final Request NOT_HTTP = new Request("", "", List.of());
    private static final byte[] BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws IOException, InterruptedException;
    }

    /**
     * A request head as received.
     *
     * @param headers name and value of each header line, in order, names as sent
     */
    public record Request(String method, String target, List<Map.Entry<String, String>> headers) {
        public Request {
            headers = List.copyOf(headers);
        }

        /** The first value of header {@code name} (case-insensitive). */
        public Optional<String> header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }
    }

    /** One request and the connection to answer it on. */
    public final class Exchange {
        private final Request request;
        private final InputStream in;
        private final OutputStream out;
        private final Socket socket;
        private boolean bodyRead;

        private Exchange(Request request, InputStream in, OutputStream out, Socket socket) {
            this.request = request;
            this.in = in;
            this.out = out;
            this.socket = socket;
        }

        public Request request() {
            return request;
        }

        /** The request body as announced by {@code Content-Length} (empty without one). */
        public byte[] readBody() throws IOException {
            bodyRead = true;
            long length = request.header("Content-Length").map(String::strip).map(Long::parseLong).orElse(0L);
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException("request body of " + length + " bytes is too large for a test");
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new IOException("the request body ended after " + body.length + " of " + length + " bytes");
            }
            return body;
        }

        /** The connection's raw output: whatever is written here is what the client reads. */
        public OutputStream output() {
            return out;
        }

        /** A complete response with {@code Content-Length}; the connection stays open for the next request. */
        public void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                    .append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }

        /** Blocks until the server is closed: a server that has stopped answering. */
        public void hang() throws IOException, InterruptedException {
            out.flush();
            stopped.await();
        }

        /** Ends the connection after this exchange (for a body delimited by the close, or a cut). */
        public void closeConnection() throws IOException {
            out.flush();
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Handler handler;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private RawHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger threads = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "raw-http-" + server.getLocalPort() + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        connections.execute(this::acceptLoop);
    }

    /** Starts a server answering every request with {@code handler}. */
    public static RawHttpServer start(Handler handler) {
        Objects.requireNonNull(handler, "handler");
        try {
            return new RawHttpServer(handler);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a port on 127.0.0.1", e);
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry name clients use. */
    public String host() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every request head received so far, in order of arrival. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Stops accepting, closes every connection and releases handlers blocked in {@link Exchange#hang()}. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            server.close();
        } catch (IOException e) {
            // closing: nothing left to serve
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        connections.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                closeQuietly(socket); // the server is shutting down
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!socket.isClosed()) {
                Request request = readHead(in);
                if (request == null) {
                    return;
                }
                if (request == NOT_HTTP) {
                    // a TLS hello (a client trying HTTPS first): answer in clear text, as real servers do,
                    // so the client learns at once that this port speaks plain HTTP
                    out.write(BAD_REQUEST);
                    out.flush();
                    return;
                }
                requests.add(request);
                Exchange exchange = new Exchange(request, in, out, socket);
                handler.handle(exchange);
                out.flush();
                if (!exchange.bodyRead && request.header("Content-Length").isPresent() && !socket.isClosed()) {
                    exchange.readBody(); // keep the connection's framing for the next request
                }
            }
        } catch (SocketException e) {
            // the client or close() ended the connection
        } catch (IOException e) {
            // a client that went away mid-exchange ends only its connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    /** The next request head, or null when the client closed the connection between requests. */
    private static Request readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int previous3 = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the connection closed inside a request head");
            }
            if (head.size() == 0 && (b < 'A' || b > 'Z')) {
                return NOT_HTTP;
            }
            head.write(b);
            previous3 = (previous3 << 8 | b) & 0xffffffff;
            if (previous3 == 0x0d0a0d0a) {
                break;
            }
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ", 3);
        if (start.length < 3) {
            throw new IOException("not an HTTP request line: " + lines[0]);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()));
            }
        }
        return new Request(start[0].toUpperCase(Locale.ROOT), start[1], headers);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301, 302, 303, 307, 308 -> "Redirect";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> "Status";
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
