package dev.stowage.testkit;

import dev.stowage.testkit.registry.Faults;
import dev.stowage.testkit.registry.RecordedRequest;
import dev.stowage.testkit.registry.RequestKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a registry for a test class: started before the first test,
 * stopped (and its storage deleted) after the last one. {@code @Nested} classes share their
 * enclosing class's registry. {@link #inProcess()} serves it from the test JVM
 * ({@link InProcessRegistry}: nothing to install); {@link #plain()} and {@link #of} run the real
 * Distribution registry.
 *
 * <p>Register it on a static field and use its accessors:
 * <pre>{@code
 * @RegisterExtension
 * static RegistryExtension registry = RegistryExtension.inProcess();
 *
 * @Test
 * void pushes() {
 *     String target = "docker://" + registry.host() + "/team/app:1";
 * }
 * }</pre>
 * or declare it with {@code @ExtendWith(RegistryExtension.class)} (Distribution) and take a
 * {@link TestRegistry} parameter in a test, lifecycle method or constructor ({@link InProcessRegistry}
 * works too, for an in-process registry).
 *
 * <p>Distribution is the {@code docker-registry} binary on the {@code PATH}, or the one the system
 * property {@code stowage.registry.binary} or the environment variable
 * {@code STOWAGE_REGISTRY_BINARY} names. When there is none, every test of the class is skipped
 * by a JUnit assumption saying why and how to install it (and one line on stderr says so too),
 * or fails when the {@code CI} environment variable is set, so a CI build never passes having
 * tested nothing.
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RegistryExtension.class);

    private final RegistryConfig config;
    private final boolean inProcess;
    private final Map<String, String> environment;
    private volatile TestRegistry running;

    /** A plain-HTTP Distribution registry; this is the constructor {@code @ExtendWith} uses. */
    public RegistryExtension() {
        this(RegistryConfig.plain(), false, System.getenv());
    }

    private RegistryExtension(RegistryConfig config, boolean inProcess, Map<String, String> environment) {
        this.config = Objects.requireNonNull(config, "config");
        this.inProcess = inProcess;
        this.environment = Map.copyOf(environment);
    }

    /** A plain Distribution registry looked for in {@code environment} instead of the process's: for the kit's tests. */
    static RegistryExtension plain(Map<String, String> environment) {
        return new RegistryExtension(RegistryConfig.plain(), false, environment);
    }

    /** A plain-HTTP Distribution registry with deletion enabled. */
    public static RegistryExtension plain() {
        return new RegistryExtension();
    }

    /** A Distribution registry configured as given. */
    public static RegistryExtension of(RegistryConfig config) {
        return new RegistryExtension(config, false, System.getenv());
    }

    /** A plain-HTTP {@link InProcessRegistry} with everything enabled. */
    public static RegistryExtension inProcess() {
        return inProcess(RegistryConfig.plain());
    }

    /** An {@link InProcessRegistry} configured as given. */
    public static RegistryExtension inProcess(RegistryConfig config) {
        return new RegistryExtension(config, true, System.getenv());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getStore(NAMESPACE).get(this, TestRegistry.class) != null || skipReason(context) != null) {
            return; // an enclosing class started it (or found no registry to start); @Nested classes share it
        }
        if (!inProcess && RequiredTool.findRegistry(environment).isEmpty()) {
            String message = RequiredTool.missingRegistryMessage(environment);
            if (RequiredTool.isCi(environment)) {
                throw new IllegalStateException(message + " [failing because CI is set]");
            }
            // Not an abort here: a class whose @BeforeAll aborts reports no test at all. Each test is
            // skipped by an assumption instead, so the report counts and explains every one.
            context.getStore(NAMESPACE).put(skipKey(), message);
            System.err.println("stowage-testkit: skipping the tests of " + context.getDisplayName() + ": " + message);
            return;
        }
        TestRegistry registry = inProcess ? InProcessRegistry.start(config) : TestRegistry.start(config);
        context.getStore(NAMESPACE).put(this, registry);
        running = registry;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // remove() looks only at this class's store, so a @Nested class never stops its parent's registry.
        TestRegistry registry = context.getStore(NAMESPACE).remove(this, TestRegistry.class);
        if (registry != null) {
            running = null;
            registry.close();
        }
    }

    /** Skips each test of a class for which no registry could be started, saying why. */
    @Override
    public void beforeEach(ExtensionContext context) {
        String reason = skipReason(context);
        if (reason != null) {
            Assumptions.abort(reason);
        }
    }

    private String skipKey() {
        return "skip:" + System.identityHashCode(this);
    }

    private String skipReason(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(skipKey(), String.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestRegistry.class || inProcess && type == InProcessRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestRegistry registry = extensionContext.getStore(NAMESPACE).get(this, TestRegistry.class);
        String reason = skipReason(extensionContext);
        if (registry == null && reason != null) {
            Assumptions.abort(reason);
        }
        if (registry == null) {
            throw new ParameterResolutionException("no registry is running for " + parameterContext.getDeclaringExecutable()
                    + ": RegistryExtension starts it before all tests, so register it with @ExtendWith on the class"
                    + " or @RegisterExtension on a static field");
        }
        return registry;
    }

    /** The running registry. */
    public TestRegistry registry() {
        TestRegistry registry = running;
        if (registry == null) {
            throw new IllegalStateException("the registry is not running: RegistryExtension starts it before all tests"
                    + " of the class, so register it on a static field and use it from tests or @BeforeAll methods");
        }
        return registry;
    }

    /** {@code 127.0.0.1:PORT} of the running registry. */
    public String host() {
        return registry().host();
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https://…} in a TLS mode) of the running registry. */
    public URI url() {
        return registry().url();
    }

    /** The running registry's filesystem storage root (empty when it keeps blobs in memory). */
    public Path storageDir() {
        return registry().storageDir();
    }

    /** The running registry's {@code certs.d} root; see {@link TestRegistry#certsDirectory()}. */
    public Path certsDirectory() {
        return registry().certsDirectory();
    }

    /** The running registry's log, access log included. */
    public Path logFile() {
        return registry().logFile();
    }

    /** The running registry's request log; see {@link TestRegistry#requests()}. */
    public List<RecordedRequest> requests() {
        return registry().requests();
    }

    /** The requests of one kind in the running registry's log. */
    public List<RecordedRequest> requests(RequestKind kind) {
        return registry().requests(kind);
    }

    /** Forgets the requests the running registry recorded so far. */
    public void clearRequests() {
        registry().clearRequests();
    }

    /**
     * The running in-process registry's fault injection.
     *
     * @throws IllegalStateException for Distribution, which cannot be told to fail
     */
    public Faults faults() {
        if (registry() instanceof InProcessRegistry inProcessRegistry) {
            return inProcessRegistry.faults();
        }
        throw new IllegalStateException("only the in-process registry injects faults: use RegistryExtension.inProcess()");
    }

    @Override
    public String toString() {
        TestRegistry registry = running;
        return "RegistryExtension[" + (registry == null
                ? (inProcess ? "in-process " : "distribution ") + config.mode() + ", not running" : registry) + "]";
    }
}
