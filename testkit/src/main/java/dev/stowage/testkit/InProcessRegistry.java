package dev.stowage.testkit;

import dev.stowage.testkit.registry.AccessControl;
import dev.stowage.testkit.registry.Faults;
import dev.stowage.testkit.registry.RecordedRequest;
import dev.stowage.testkit.registry.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * An OCI registry served from the test's own JVM: nothing to install, up in milliseconds. It
 * implements the distribution spec v1.1 (pull, push, content discovery with the referrers API,
 * content management) with Distribution's access rules, in the kit's modes (plain, htpasswd,
 * token, TLS, client certificates), and adds what a real registry cannot do on demand: mounts
 * turned off ({@link RegistryConfig#withMountEnabled}), {@linkplain #faults() injected faults},
 * and a request log that counts body bytes both ways.
 *
 * <pre>{@code
 * try (InProcessRegistry registry = InProcessRegistry.start()) {
 *     images.push(registry.host() + "/team/app:1").call();
 *     registry.requests(RequestKind.MANIFEST_PUT);
 * }
 * }</pre>
 * In JUnit 5, {@link RegistryExtension#inProcess()} starts one per test class.
 */
public final class InProcessRegistry implements TestRegistry {
    private final RegistryConfig config;
    private final RegistryServer server;
    private final Path directory;
    private boolean closed;

    private InProcessRegistry(RegistryConfig config, RegistryServer server, Path directory) {
        this.config = config;
        this.server = server;
        this.directory = directory;
    }

    /** A plain-HTTP registry with everything enabled, blobs in a temporary directory. */
    public static InProcessRegistry start() {
        return start(RegistryConfig.plain());
    }

    /**
     * A registry configured as given.
     *
     * @throws IllegalArgumentException for a {@link RegistryMode} other than the kit's own
     */
    public static InProcessRegistry start(RegistryConfig config) {
        Path directory;
        try {
            directory = Files.createTempDirectory("stowage-inprocess-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for the in-process registry", e);
        }
        RegistryServer server = null;
        try {
            Files.createDirectories(directory.resolve("storage"));
            RegistryMode mode = config.mode();
            Optional<SSLContext> tls = mode instanceof TlsMode t ? Optional.of(t.serverSslContext()) : Optional.empty();
            boolean clientCertificates = mode instanceof TlsMode t && t.demandsClientCertificates();
            server = RegistryServer.start(new RegistryServer.Settings(tls, clientCertificates, access(mode),
                    config.deleteEnabled(), config.mountEnabled(), config.referrersApi(),
                    config.storage() == RegistryStorage.FILESYSTEM ? Optional.of(directory.resolve("storage"))
                            : Optional.empty(),
                    Optional.of(directory.resolve("registry.log"))));
            InProcessRegistry registry = new InProcessRegistry(config, server, directory);
            Path hostDirectory = Files.createDirectories(registry.certsDirectory().resolve(registry.host()));
            mode.writeClientFiles(hostDirectory);
            return registry;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            config.mode().close();
            deleteRecursively(directory);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("could not start the in-process registry", io);
            }
            throw (RuntimeException) e;
        }
    }

    private static AccessControl access(RegistryMode mode) throws IOException {
        if (mode instanceof HtpasswdMode htpasswd) {
            return InProcessAccess.basic(htpasswd);
        }
        if (mode instanceof TokenAuthMode token) {
            return InProcessAccess.bearer(token.startServer());
        }
        if (mode instanceof PlainMode || mode instanceof TlsMode) {
            return AccessControl.anonymous();
        }
        throw new IllegalArgumentException("the in-process registry runs in the kit's own modes (plain, htpasswd,"
                + " token, tls, tlsClientCert), not " + mode + ": that mode configures Distribution only");
    }

    /** The faults to inject into this registry's answers; none until a test adds one. */
    public Faults faults() {
        return server.faults();
    }

    @Override
    public int port() {
        return server.port();
    }

    /** Blob files live under it in the filesystem mode; empty in memory. */
    @Override
    public Path storageDir() {
        return directory.resolve("storage");
    }

    /** One access-log line per request (Distribution's format), and the stack trace of any fault of its own. */
    @Override
    public Path logFile() {
        return directory.resolve("registry.log");
    }

    @Override
    public Path certsDirectory() {
        return directory.resolve("certs.d");
    }

    @Override
    public RegistryConfig config() {
        return config;
    }

    @Override
    public synchronized boolean isRunning() {
        return !closed;
    }

    @Override
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    @Override
    public void clearRequests() {
        server.clearRequests();
    }

    /** Stops serving (open connections are closed) and deletes the registry's directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        config.mode().close();
        deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "TestRegistry[in-process " + config.mode() + " " + url() + (closed ? ", closed" : "") + "]";
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the in-process registry's directory " + root, e);
        }
    }
}
