package dev.stowage.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stowage.testkit.registry.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CNCF Distribution registry ({@code docker-registry serve}) as a {@link TestRegistry}: a
 * child process on a free 127.0.0.1 port, its storage, configuration and log in a private
 * temporary directory. Closing it stops the process and deletes the directory. Its request log is
 * read from its access log.
 */
final class DistributionRegistry implements TestRegistry {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_EXCERPT_CHARS = 4000;

    private final RegistryConfig config;
    private final Process process;
    private final int port;
    private final Path directory;
    private final Thread shutdownHook;
    private long requestsClearedAt;
    private boolean closed;

    private DistributionRegistry(RegistryConfig config, Process process, int port, Path directory) {
        this.config = config;
        this.process = process;
        this.port = port;
        this.directory = directory;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop docker-registry on 127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** See {@link TestRegistry#start}. */
    static DistributionRegistry start(RegistryConfig config) {
        if (!config.mountEnabled()) {
            throw new IllegalArgumentException("Distribution cannot turn cross-repository mounts off;"
                    + " the in-process registry can (RegistryExtension.inProcess(config), InProcessRegistry.start(config))");
        }
        Path binary = RequiredTool.registryBinary(System.getenv());
        Path directory = createDirectory();
        try {
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                Process process = launch(binary, config, directory, port);
                Readiness readiness = awaitReady(process, config.mode(), port, directory.resolve("registry.log"));
                if (readiness == Readiness.READY) {
                    DistributionRegistry registry = new DistributionRegistry(config, process, port, directory);
                    writeClientFiles(registry);
                    return registry;
                }
                stop(process);
                // Another process may take the port between our probe and the registry's bind.
                if (readiness == Readiness.PORT_TAKEN && attempt < START_ATTEMPTS) {
                    continue;
                }
                throw new IllegalStateException(failureMessage(readiness, port, directory));
            }
        } catch (IOException e) {
            config.mode().close();
            deleteRecursively(directory);
            throw new UncheckedIOException("could not prepare the test registry in " + directory, e);
        } catch (RuntimeException e) {
            config.mode().close();
            deleteRecursively(directory);
            throw e;
        }
    }

    private static void writeClientFiles(DistributionRegistry registry) throws IOException {
        try {
            Path hostDirectory = registry.certsDirectory().resolve(registry.host());
            Files.createDirectories(hostDirectory);
            registry.config.mode().writeClientFiles(hostDirectory);
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return port;
    }

    /** {@code docker/registry/v2/…} appears under it on the first push (unless blobs are kept in memory). */
    @Override
    public Path storageDir() {
        return directory.resolve("storage");
    }

    /** The process's combined stdout and stderr: its application log and its access log. */
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
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Read from the access log, which Distribution writes as it finishes each answer; it holds no
     * request body sizes (-1 here: a {@link CountingProxy} in front counts them).
     */
    @Override
    public List<RecordedRequest> requests() {
        List<String> lines;
        try {
            lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the registry's log " + logFile(), e);
        }
        long skip;
        synchronized (this) {
            skip = requestsClearedAt;
        }
        return lines.stream().map(AccessLog::parse).flatMap(Optional::stream).skip(skip).toList();
    }

    @Override
    public void clearRequests() {
        long seen;
        try (Stream<String> lines = Files.lines(logFile(), StandardCharsets.UTF_8)) {
            seen = lines.map(AccessLog::parse).filter(Optional::isPresent).count();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the registry's log " + logFile(), e);
        }
        synchronized (this) {
            requestsClearedAt = seen;
        }
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(process);
        config.mode().close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or will run; it only kills an already stopped process.
        }
        deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "TestRegistry[distribution " + config.mode() + " " + url() + (closed ? ", closed" : "") + "]";
    }

    private enum Readiness { READY, PORT_TAKEN, EXITED, TIMED_OUT }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("stowage-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for the test registry", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Process launch(Path binary, RegistryConfig config, Path directory, int port) throws IOException {
        Files.createDirectories(directory.resolve("storage"));
        Path configFile = directory.resolve("config.yml");
        Files.write(configFile, configuration(config, directory, port));
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "serve", configFile.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(directory.resolve("registry.log").toFile()));
        // REGISTRY_* variables override the configuration file; the kit's settings must win.
        builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static byte[] configuration(RegistryConfig config, Path directory, int port) throws IOException {
        ConfigTree tree = new ConfigTree()
                .set("version", "0.1")
                .set("log.level", config.logLevel())
                .set("log.formatter", "text")
                .set("log.accesslog.disabled", false)
                .set("storage.delete.enabled", config.deleteEnabled())
                // Purging starts a background sweep of "old" uploads; tests want nothing moving on its own.
                .set("storage.maintenance.uploadpurging.enabled", false)
                .set("storage.redirect.disable", true)
                .set("http.addr", "127.0.0.1:" + port)
                // A fixed secret per registry silences the "generated random secret" warning.
                .set("http.secret", randomSecret())
                .set("http.headers", Map.of("X-Content-Type-Options", List.of("nosniff")))
                .set("health.storagedriver.enabled", false);
        if (config.storage() == RegistryStorage.MEMORY) {
            tree.set("storage.inmemory", Map.of());
        } else {
            tree.set("storage.filesystem.rootdirectory", directory.resolve("storage").toString());
        }
        config.mode().configure(tree, directory);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(tree.asMap());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Readiness awaitReady(Process process, RegistryMode mode, int port, Path log) {
        HttpClient.Builder clientBuilder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        mode.clientSslContext().ifPresent(clientBuilder::sslContext);
        HttpClient client = clientBuilder.build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(mode.scheme() + "://127.0.0.1:" + port + "/v2/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return logExcerpt(log).contains("address already in use") ? Readiness.PORT_TAKEN : Readiness.EXITED;
            }
            try {
                // Any HTTP answer, 401 from an auth mode included, means the registry serves.
                client.send(probe, HttpResponse.BodyHandlers.discarding());
                return Readiness.READY;
            } catch (IOException notYetListening) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Readiness.TIMED_OUT;
            }
        }
        return Readiness.TIMED_OUT;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String failureMessage(Readiness readiness, int port, Path directory) {
        String log = logExcerpt(directory.resolve("registry.log"));
        if (readiness == Readiness.PORT_TAKEN) {
            return "docker-registry could not bind a free port after " + START_ATTEMPTS + " attempts; its log:\n" + log;
        }
        String what = readiness == Readiness.EXITED
                ? "docker-registry exited before answering GET /v2/ on 127.0.0.1:" + port
                : "docker-registry did not answer GET /v2/ on 127.0.0.1:" + port + " within "
                        + READY_TIMEOUT.toSeconds() + " s";
        return what + "; its log:\n" + log;
    }

    private static String logExcerpt(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= LOG_EXCERPT_CHARS ? text : "…" + text.substring(text.length() - LOG_EXCERPT_CHARS);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the test registry's directory " + root, e);
        }
    }
}
