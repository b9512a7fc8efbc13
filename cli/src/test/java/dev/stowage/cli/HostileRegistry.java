package dev.stowage.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry that says what a test tells it to, for what the Distribution registry refuses to
 * hold (tags and repository names outside the grammar, error messages, token challenges). Plain
 * HTTP/1.1 on a loopback port, one request per connection, served one after another: {@code GET
 * /v2/} gets 200, each path given to {@link #answer} its answer (the query is ignored), anything
 * else 404. A TLS hello (the client tries HTTPS first) gets a plain-HTTP 400 at once, as
 * Distribution answers it, so the client falls back to HTTP. Close it to stop it.
 */
final class HostileRegistry implements AutoCloseable {
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int MAX_HEADER_LINE = 16 * 1024;
    /** Bounds how long a silent client holds up the one connection served at a time. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final ServerSocket socket;
    private final Thread server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private HostileRegistry(ServerSocket socket) {
        this.socket = socket;
        this.server = new Thread(this::serve, "hostile-registry");
        server.setDaemon(true);
        server.start();
    }

    static HostileRegistry start() {
        try {
            return new HostileRegistry(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the hostile registry", e);
        }
    }

    /** {@code 127.0.0.1:PORT}: a loopback registry, reached over plain HTTP. */
    String host() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /**
     * Answers requests for {@code path} with {@code status}, {@code headers} and {@code body}
     * (UTF-8). Header values go out as ISO-8859-1, one byte per character, so a C1 control such
     * as U+009B travels as it is.
     */
    HostileRegistry answer(String path, int status, Map<String, String> headers, String body) {
        answers.put(path, new Answer(status, Map.copyOf(headers), body.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Answers requests for {@code path} with 200 and a JSON body. */
    HostileRegistry json(String path, String body) {
        return answer(path, 200, Map.of("Content-Type", "application/json"), body);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(READ_TIMEOUT_MILLIS);
                answer(connection);
            } catch (IOException | RuntimeException e) {
                // closed, or a client that went away: the next connection is served all the same
            }
        }
    }

    private void answer(Socket connection) throws IOException {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        in.mark(1);
        if (in.read() == TLS_HANDSHAKE) {
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
        }
        in.reset();
        String[] request = line(in).split(" ");
        long length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(header.substring("content-length:".length()).trim());
            }
        }
        in.skipNBytes(length);
        String path = URI.create(request[1]).getPath();
        Answer answer = path.equals("/v2/") ? new Answer(200, Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8))
                : answers.getOrDefault(path, new Answer(404, Map.of("Content-Type", "application/json"),
                "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}".getBytes(StandardCharsets.UTF_8)));
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(" Hostile\r\n");
        answer.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Docker-Distribution-API-Version: registry/2.0\r\n")
                .append("Content-Length: ").append(answer.body().length).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!request[0].equals("HEAD")) {
            out.write(answer.body());
        }
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || line.length() > MAX_HEADER_LINE) {
                throw new IOException("the request ended or ran on before its line did");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
            server.join();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the hostile registry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
