package dev.stowage.testkit;

import dev.stowage.core.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Token authentication: the registry answers {@code 401 Bearer realm=…,service=…,scope=…} and
 * trusts JWTs from the kit's {@link TokenServer}, which this mode starts beside the registry
 * (the registry's {@code auth.token} section names its realm, service, issuer and signer
 * certificate bundle). Made by {@link RegistryMode#token}; the {@code with…}/{@code denying}
 * methods return changed copies and are meant for before the registry starts.
 *
 * <pre>{@code
 * static final TokenAuthMode TOKENS = RegistryMode.token("alice", "s3cret").denying("private/base", "pull");
 *
 * @RegisterExtension
 * static RegistryExtension registry = RegistryExtension.of(RegistryConfig.plain().withMode(TOKENS));
 *
 * @Test
 * void asksOneTokenPerScopeSet() {
 *     TOKENS.server().clearRequests();
 *     // … use a client …
 *     assertEquals(1, TOKENS.server().requests().size());
 * }
 * }</pre>
 */
public final class TokenAuthMode implements RegistryMode {
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final String username;
    private final String password;
    private final Set<String> denied;
    private final boolean catalogDenied;
    private TokenServer server;

    TokenAuthMode(String username, String password) {
        this(requireText(username, "username"), requireText(password, "password"), Set.of(), false);
    }

    private TokenAuthMode(String username, String password, Set<String> denied, boolean catalogDenied) {
        this.username = username;
        this.password = password;
        this.denied = Set.copyOf(denied);
        this.catalogDenied = catalogDenied;
    }

    /**
     * The same mode, except that tokens never grant {@code action} ({@code pull}, {@code push},
     * {@code delete}) on {@code repository}: the token server leaves it out of the {@code access}
     * claim, as real token servers do with scopes a user lacks.
     */
    public TokenAuthMode denying(String repository, String action) {
        Set<String> more = new HashSet<>(denied);
        more.add(requireText(repository, "repository") + ":" + requireText(action, "action"));
        return new TokenAuthMode(username, password, more, catalogDenied);
    }

    /**
     * The same mode, except that tokens never grant {@code registry:catalog:*}: the user may not
     * list the registry's repositories ({@code GET /v2/_catalog} answers 401).
     */
    public TokenAuthMode denyingCatalog() {
        return new TokenAuthMode(username, password, denied, true);
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The user's name and password, ready for a client. */
    public Credential credential() {
        return Credential.basic(username, password);
    }

    /**
     * The running token server.
     *
     * @throws IllegalStateException if no registry in this mode is running
     */
    public synchronized TokenServer server() {
        if (server == null) {
            throw new IllegalStateException("the token server runs only while a registry in this mode runs");
        }
        return server;
    }

    @Override
    public synchronized void configure(ConfigTree config, Path dir) throws IOException {
        TokenServer running = startServer();
        Path bundle = Files.writeString(dir.resolve("token-signer.crt"), running.signerCertificatePem(),
                StandardCharsets.US_ASCII);
        config.set("auth.token.realm", running.realm().toString())
                .set("auth.token.service", TokenServer.SERVICE)
                .set("auth.token.issuer", TokenServer.ISSUER)
                .set("auth.token.rootcertbundle", bundle.toString());
    }

    /** Starts the token server, unless it runs already, for a registry starting in this mode. */
    synchronized TokenServer startServer() throws IOException {
        if (server == null) {
            server = TokenServer.start(this);
        }
        return server;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    boolean accepts(String user, String secret) {
        return username.equals(user) && password.equals(secret);
    }

    boolean deniesCatalog() {
        return catalogDenied;
    }

    boolean denies(String repository, String action) {
        return denied.contains(repository + ":" + action);
    }

    /** How long tokens are valid ({@code expires_in}). */
    Duration tokenLifetime() {
        return TOKEN_LIFETIME;
    }

    /** Names the user and the denials, never the password. */
    @Override
    public String toString() {
        return "token(" + username + (denied.isEmpty() ? "" : ", denying " + denied) + ")";
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("token auth needs a non-empty " + what);
        }
        return value;
    }
}
