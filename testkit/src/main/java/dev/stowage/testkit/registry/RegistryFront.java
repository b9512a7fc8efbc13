package dev.stowage.testkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The registry's public port, in front of its plain {@code HttpServer} on another loopback port,
 * relaying each connection to it once the front has done what {@code HttpServer} and
 * {@code HttpsServer} do wrong for a registry:
 * <ul>
 *   <li>plain HTTP: a connection whose first byte opens a TLS handshake is answered {@code 400}
 *       and closed at once, as Go servers such as Distribution answer it. {@code HttpServer} reads
 *       a ClientHello as the start of a request line and waits for the line to end, so clients
 *       that try HTTPS before HTTP on an insecure registry (skopeo, podman and docker do) sat out
 *       their 10-second handshake timeout on every command;</li>
 *   <li>HTTPS: TLS ends here, on an {@code SSLServerSocket}, which sends the alert when it refuses
 *       a handshake (a missing client certificate: {@code bad_certificate}). {@code HttpsServer}
 *       closes such connections without one, so clients saw the connection end, not a refusal.</li>
 * </ul>
 */
final class RegistryFront implements AutoCloseable {
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int BUFFER = 64 * 1024;
    private static final byte[] REFUSAL = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n"
            + "Content-Length: 44\r\n\r\nthis registry speaks plain HTTP, not TLS.\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress backend;
    private final boolean tls;
    private final ServerSocket listener;
    private final ExecutorService relays;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param tls                the server's TLS context; empty for plain HTTP
     * @param clientCertificates whether the TLS server demands a client certificate its trust managers accept
     */
    RegistryFront(InetSocketAddress backend, Optional<SSLContext> tls, boolean clientCertificates) throws IOException {
        this.backend = backend;
        this.tls = tls.isPresent();
        if (tls.isPresent()) {
            SSLServerSocket secure = (SSLServerSocket) tls.get().getServerSocketFactory()
                    .createServerSocket(0, 64, InetAddress.getLoopbackAddress());
            secure.setNeedClientAuth(clientCertificates);
            this.listener = secure;
        } else {
            this.listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        }
        AtomicInteger threads = new AtomicInteger();
        int port = listener.getLocalPort();
        this.relays = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "stowage-registry-" + port + "-front-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        relays.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                track(client);
                relays.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    continue; // one failed accept: keep serving the others
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket server = null;
        try {
            client.setTcpNoDelay(true);
            if (tls) {
                // Here, not on first use: a refused handshake ends with its alert before anything else.
                ((SSLSocket) client).startHandshake();
            }
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0) {
                return;
            }
            if (first == TLS_HANDSHAKE && !tls) {
                client.getOutputStream().write(REFUSAL);
                return;
            }
            server = track(new Socket(backend.getAddress(), backend.getPort()));
            server.setTcpNoDelay(true);
            OutputStream toServer = server.getOutputStream();
            toServer.write(first);
            Socket upstream = server;
            relays.execute(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            // the client or the server went away: the relay ends with them
        } finally {
            if (server == null) {
                close(client);
            }
        }
    }

    /** Copies {@code from} to {@code to} until {@code from} ends, then ends both directions. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset on either side ends the relay
        } finally {
            close(from);
            close(to);
        }
    }

    private Socket track(Socket socket) {
        open.add(socket);
        if (closed) {
            close(socket);
        }
        return socket;
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // the port is going away either way
        }
        open.forEach(this::close);
        relays.shutdownNow();
    }
}
