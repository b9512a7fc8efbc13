package dev.stowage.testkit;

import dev.stowage.testkit.registry.RecordedRequest;
import dev.stowage.testkit.registry.RequestKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A registry running for tests on a free 127.0.0.1 port, with its storage, client files and log
 * in a private temporary directory that closing it deletes. Two kinds exist: the real CNCF
 * Distribution registry in a child process ({@link #start}, needs {@code docker-registry}
 * installed), and {@link InProcessRegistry}, served from the test's own JVM (needs nothing).
 * Both read the same {@link RegistryConfig} and look the same from here.
 *
 * <p>Tests usually get one from {@link RegistryExtension}; other code (a benchmark driver, a
 * demo) can start one directly:
 * <pre>{@code
 * try (TestRegistry registry = TestRegistry.start(RegistryConfig.plain())) {
 *     skopeo.copy("oci:layout:app", "docker://" + registry.host() + "/team/app:1");
 *     assertEquals(1, registry.requests(RequestKind.MANIFEST_PUT).size());
 * }
 * }</pre>
 */
public interface TestRegistry extends AutoCloseable {

    /**
     * Starts a Distribution registry ({@code docker-registry serve}) and waits until
     * {@code GET /v2/} answers.
     *
     * <p>If {@code docker-registry} is not installed, this aborts the calling test (JUnit
     * assumption) or, when the {@code CI} environment variable is set, fails it.
     *
     * @throws IllegalStateException with the registry's log if it does not come up within 20 s
     * @throws IllegalArgumentException if the configuration asks for what Distribution cannot do
     *                                  (mounts turned off)
     */
    static TestRegistry start(RegistryConfig config) {
        return DistributionRegistry.start(config);
    }

    /** {@code 127.0.0.1:PORT}, the form image references and {@code skopeo} use. */
    default String host() {
        return "127.0.0.1:" + port();
    }

    int port();

    /** The base URL, e.g. {@code http://127.0.0.1:PORT}; append {@code /v2/…} for API calls. */
    default URI url() {
        return URI.create(config().mode().scheme() + "://" + host());
    }

    /** The registry's blob storage root on disk; empty when it keeps blobs in memory. */
    Path storageDir();

    /**
     * The registry's log for people: one access-log line per request (Apache combined format,
     * with the response bytes) and whatever else the registry reports.
     */
    Path logFile();

    /**
     * A docker {@code certs.d} root for this registry: {@code 127.0.0.1:PORT/} under it holds what
     * a client needs ({@code ca.crt}, and {@code client.cert} with {@code client.key} when the
     * registry demands a client certificate). Empty for a plain-HTTP registry.
     *
     * <pre>{@code
     * RegistryClient.builder().certsDirectories(CertsDirectories.of(List.of(registry.certsDirectory())))
     * }</pre>
     */
    Path certsDirectory();

    RegistryConfig config();

    /** Whether the registry still serves. */
    boolean isRunning();

    /**
     * The requests answered since the start or the last {@link #clearRequests()}, oldest first.
     * The in-process registry lists a request as soon as its answer begins and counts request body
     * bytes; Distribution's come from its access log, which holds no request body sizes (-1).
     */
    List<RecordedRequest> requests();

    /** The recorded requests of one kind. */
    default List<RecordedRequest> requests(RequestKind kind) {
        return requests().stream().filter(r -> r.kind() == kind).toList();
    }

    /** Forgets the requests recorded so far. */
    void clearRequests();

    /** Stops the registry and deletes its directory. */
    @Override
    void close();
}
