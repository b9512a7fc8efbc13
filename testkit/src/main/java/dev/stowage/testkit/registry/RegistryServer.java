package dev.stowage.testkit.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * An OCI distribution-spec (v1.1) registry served from this JVM by the JDK's
 * {@code com.sun.net.httpserver} on a free 127.0.0.1 port: pull, push, content discovery and
 * content management, with Distribution's access rules and error JSON. Its port is a small front
 * that ends TLS (or, in plain HTTP, turns TLS handshakes away) and relays to the server. The test kit's
 * {@code InProcessRegistry} runs one in each of the kit's modes; this class is its engine.
 *
 * <pre>{@code
 * try (RegistryServer server = RegistryServer.start(RegistryServer.Settings.plain())) {
 *     String host = "127.0.0.1:" + server.port();
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {
    /**
     * How the server runs.
     *
     * @param tls                   HTTPS with this server context; empty for plain HTTP
     * @param clientCertificates    whether an HTTPS server demands a client certificate (the
     *                              context's trust managers say which are accepted)
     * @param access                who may do what
     * @param deleteEnabled         whether manifests, tags and blobs may be deleted (else 405 {@code UNSUPPORTED})
     * @param mountEnabled          whether {@code POST ?mount=&from=} mounts (else it opens an upload session, 202)
     * @param referrersApi          whether {@code GET /v2/<name>/referrers/<digest>} is served (else 404)
     * @param storage               a directory for blob content, created if missing; empty: in memory
     * @param logFile               where to append the access log; empty: nowhere
     */
    public record Settings(Optional<SSLContext> tls, boolean clientCertificates, AccessControl access,
            boolean deleteEnabled, boolean mountEnabled, boolean referrersApi, Optional<Path> storage,
            Optional<Path> logFile) {

        public Settings {
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(logFile, "logFile");
            if (clientCertificates && tls.isEmpty()) {
                throw new IllegalArgumentException("client certificates need TLS");
            }
        }

        /** Plain HTTP, anonymous, everything enabled, blobs in memory, no log file. */
        public static Settings plain() {
            return new Settings(Optional.empty(), false, AccessControl.anonymous(), true, true, true, Optional.empty(),
                    Optional.empty());
        }
    }

    private final HttpServer http;
    private final RegistryFront front;
    private final ExecutorService workers;
    private final RegistryState state;
    private final RequestLog log;
    private final Faults faults;

    private RegistryServer(HttpServer http, RegistryFront front, ExecutorService workers, RegistryState state,
            RequestLog log, Faults faults) {
        this.http = http;
        this.front = front;
        this.workers = workers;
        this.state = state;
        this.log = log;
        this.faults = faults;
    }

    /** Starts a server on a free 127.0.0.1 port; it serves until {@link #close()}. */
    public static RegistryServer start(Settings settings) throws IOException {
        BlobStore store = settings.storage().isPresent() ? new DirectoryBlobStore(settings.storage().get())
                : new MemoryBlobStore();
        RegistryState state = new RegistryState(store);
        RequestLog log = null;
        ExecutorService workers = null;
        HttpServer http = null;
        try {
            log = new RequestLog(settings.logFile());
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            http = HttpServer.create(loopback, 64);
            AtomicInteger threads = new AtomicInteger();
            int port = http.getAddress().getPort();
            // Threads come and go with connections; a test suite's parallel transfers never wait for one.
            workers = Executors.newCachedThreadPool(task -> {
                Thread t = new Thread(task, "stowage-registry-" + port + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            http.setExecutor(workers);
            Faults faults = new Faults();
            http.createContext("/", new RegistryHandler(settings, state, faults, log));
            http.start();
            RegistryFront front = new RegistryFront(http.getAddress(), settings.tls(), settings.clientCertificates());
            return new RegistryServer(http, front, workers, state, log, faults);
        } catch (IOException | RuntimeException e) {
            if (http != null) {
                http.stop(0);
            }
            if (workers != null) {
                workers.shutdownNow();
            }
            if (log != null) {
                log.close();
            }
            state.close();
            throw e;
        }
    }

    public int port() {
        return front.port();
    }

    /** The faults to inject; none until a test adds one. */
    public Faults faults() {
        return faults;
    }

    /** Every request answered (or cut) so far, in the order they ended. */
    public List<RecordedRequest> requests() {
        return log.requests();
    }

    /** The requests {@code filter} accepts. */
    public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
        return requests().stream().filter(filter).toList();
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        log.clear();
    }

    /** Stops serving, closes every connection and drops the content (a storage directory is deleted). */
    @Override
    public void close() {
        front.close();
        http.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
        state.close();
    }

    @Override
    public String toString() {
        return "RegistryServer[127.0.0.1:" + port() + "]";
    }
}
