package dev.stowage.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A way of running the test registry: plain HTTP, basic authentication against an htpasswd file,
 * token authentication through the kit's {@link TokenServer}, or HTTPS with a certificate from a
 * throw-away CA, optionally demanding client certificates. Each mode adds its configuration
 * sections and writes the files they name (password file, certificates, token signer bundle).
 *
 * <pre>{@code
 * static final HtpasswdMode AUTH = RegistryMode.htpasswd("alice", "s3cret");
 *
 * @RegisterExtension
 * static RegistryExtension registry = RegistryExtension.of(RegistryConfig.plain().withMode(AUTH));
 *
 * RegistryClient client = RegistryClient.builder()
 *         .credentials(CredentialProvider.of(Map.of(registry.host(), AUTH.credential())))
 *         .build();
 * }</pre>
 *
 * <p>A mode instance that starts something beside the registry (the token server) serves one
 * registry at a time; the others are plain values. Both registries run in the kit's modes (the
 * {@link InProcessRegistry} reads them directly); a mode of your own, written against
 * {@link #configure}, configures Distribution only.
 */
public interface RegistryMode {

    /**
     * Adds this mode's settings to the registry configuration.
     *
     * @param config the configuration being built, already holding the kit's defaults
     * @param dir    a private directory for files the settings refer to; deleted with the registry
     */
    void configure(ConfigTree config, Path dir) throws IOException;

    /** The URL scheme clients use to reach a registry in this mode. */
    default String scheme() {
        return "http";
    }

    /**
     * The TLS settings a client needs to reach the registry (trust in the mode's CA, and the
     * client certificate if the registry demands one); empty for plain HTTP. The kit's readiness
     * probe uses it; so can a test's own HTTP client.
     */
    default Optional<SSLContext> clientSslContext() {
        return Optional.empty();
    }

    /**
     * Writes what a docker-compatible client reads from {@code certs.d/<host:port>/}
     * ({@code ca.crt}, {@code client.cert}, {@code client.key}); nothing for plain HTTP.
     *
     * @see TestRegistry#certsDirectory()
     */
    default void writeClientFiles(Path hostDirectory) throws IOException {
    }

    /** Stops what {@link #configure} started beside the registry; the registry calls it when it stops. */
    default void close() {
    }

    /** Plain HTTP on loopback, no authentication. */
    static RegistryMode plain() {
        return PlainMode.INSTANCE;
    }

    /**
     * Basic authentication: one user in an htpasswd file, its password hashed with Bouncy
     * Castle's bcrypt ({@code $2y$}). Anonymous requests get {@code 401 Basic}.
     */
    static HtpasswdMode htpasswd(String username, String password) {
        return new HtpasswdMode(username, password);
    }

    /**
     * Token authentication ({@code 401 Bearer}): the registry trusts JWTs signed by a
     * {@link TokenServer} the kit runs on 127.0.0.1 for as long as the registry runs. The user
     * gets every action on every repository unless {@link TokenAuthMode#denying} says otherwise;
     * anonymous requests get tokens granting nothing.
     */
    static TokenAuthMode token(String username, String password) {
        return new TokenAuthMode(username, password);
    }

    /** HTTPS with a server certificate for {@code 127.0.0.1} and {@code localhost} from a fresh CA. */
    static TlsMode tls() {
        return new TlsMode(false);
    }

    /** HTTPS as {@link #tls()}, and the registry refuses clients without a certificate from the same CA. */
    static TlsMode tlsClientCert() {
        return new TlsMode(true);
    }
}
