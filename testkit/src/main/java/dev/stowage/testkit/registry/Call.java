package dev.stowage.testkit.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request being served: its route, counted body streams (for the request log, and for
 * resets injected after N bytes) and the ways to answer it. Every answer carries
 * {@code Docker-Distribution-API-Version: registry/2.0}, as Distribution's do.
 */
final class Call {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown where an injected reset cuts a body: the connection is closed without more ado. */
    static final class Reset extends IOException {
        Reset() {
            super("connection reset by an injected fault", null);
        }
    }

    private final HttpExchange exchange;
    private final RequestLog log;
    private final Route route;
    private final String target;
    private long requestLimit = -1;
    private long responseLimit = -1;
    // Written by the serving thread, read by tests through the log.
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile int status = -1;
    private long announced;
    /** Whether the log lists this call; guarded by the log. */
    boolean listed;

    Call(HttpExchange exchange, RequestLog log) {
        this.exchange = exchange;
        this.log = log;
        String raw = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        this.target = query == null ? raw : raw + "?" + query;
        this.route = Route.parse(exchange.getRequestMethod(), target);
    }

    Route route() {
        return route;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String target() {
        return target;
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    List<String> headers(String name) {
        return exchange.getRequestHeaders().get(name);
    }

    /** The declared request body length, or -1 (none declared, or chunked). */
    long contentLength() {
        String value = header("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    int status() {
        return status;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    boolean answered() {
        return status >= 0;
    }

    /** The body length the answer's headers announced (0 for HEAD and for none). */
    long announced() {
        return announced;
    }

    /** From now on, the request body breaks the connection after {@code bytes} bytes. */
    void resetRequestAfter(long bytes) {
        requestLimit = bytes;
    }

    /** From now on, the response body breaks the connection after {@code bytes} bytes. */
    void resetResponseAfter(long bytes) {
        responseLimit = bytes;
    }

    /** The request body, counted. */
    InputStream body() {
        return new FilterInputStream(exchange.getRequestBody()) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (requestLimit >= 0 && bytesIn >= requestLimit) {
                    throw new Reset();
                }
                int allowed = requestLimit >= 0 ? (int) Math.min(len, requestLimit - bytesIn) : len;
                int n = super.read(b, off, allowed);
                if (n > 0) {
                    bytesIn += n;
                }
                return n;
            }
        };
    }

    /**
     * Reads the whole body, refusing more than {@code limit} bytes with {@code tooLarge}. The
     * refused rest is read and dropped (up to 16 × {@code limit}), so that a client still sending
     * it gets to read the refusal instead of a broken connection.
     */
    byte[] readBody(int limit, RegistryError tooLarge) throws IOException {
        try (InputStream in = body()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                long dropped = 0;
                int n;
                while (dropped < 16L * limit && (n = in.read(bytes)) > 0) {
                    dropped += n;
                }
                throw tooLarge;
            }
            return bytes;
        }
    }

    RecordedRequest snapshot() {
        return new RecordedRequest(route.kind(), method(), target, status, bytesIn, bytesOut);
    }

    /** Answers with headers only. */
    void respond(int code, Map<String, String> headers) throws IOException {
        start(code, headers, -1);
        exchange.getResponseBody().close();
    }

    /**
     * Starts an answer whose body is {@code length} bytes (a HEAD answer announces them and sends
     * none); write it to {@link #responseBody()}.
     */
    void start(int code, Map<String, String> headers, long length) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        status = code;
        announced = method().equals("HEAD") ? 0 : Math.max(0, length);
        // Logged before the client can see the answer, so a test reading the log right after its
        // call returns finds it.
        log.answering(this);
        if (method().equals("HEAD")) {
            if (length >= 0) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            exchange.sendResponseHeaders(code, -1);
        } else {
            // 0 would mean "chunked" to HttpServer; -1 is an empty body with Content-Length: 0.
            exchange.sendResponseHeaders(code, length <= 0 ? -1 : length);
        }
    }

    /** The response body, counted, after {@link #start}; closing it does not end the answer. */
    OutputStream responseBody() {
        return new FilterOutputStream(exchange.getResponseBody()) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (responseLimit >= 0 && bytesOut + len > responseLimit) {
                    int allowed = (int) (responseLimit - bytesOut);
                    bytesOut += allowed;
                    out.write(b, off, allowed);
                    out.flush();
                    throw new Reset();
                }
                // Counted before they leave, so the count is complete once the client has them.
                bytesOut += len;
                out.write(b, off, len);
            }

            /**
             * Only flushes: the exchange's own close ends the answer, and closes the connection
             * when the body is short (a cut). Closing HttpServer's stream here first would end a
             * cut answer quietly, leaving the client waiting for the rest.
             */
            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    void respondBytes(int code, String contentType, byte[] body, Map<String, String> headers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", contentType);
        start(code, all, body.length);
        if (!method().equals("HEAD")) {
            try (OutputStream out = responseBody()) {
                out.write(body);
            }
        }
        exchange.getResponseBody().close();
    }

    void respondJson(int code, Object body, Map<String, String> headers) throws IOException {
        respondBytes(code, "application/json", json(body), headers);
    }

    /** The distribution spec's error JSON for {@code error}, with its status and headers. */
    void fail(RegistryError error) throws IOException {
        List<Map<String, Object>> errors = error.entries().stream().map(entry -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", entry.code().name());
            e.put("message", entry.message());
            if (entry.detail() != null) {
                e.put("detail", entry.detail());
            }
            return e;
        }).toList();
        respondJson(error.status(), Map.of("errors", errors), error.headers());
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
