package dev.stowage.registry.auth;

import dev.stowage.core.Credential;
import dev.stowage.core.spi.CredentialProvider;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides the {@code Authorization} header for each request to a registry, docker's way: nothing
 * until the registry challenges; then basic credentials for a {@code Basic} challenge, or a bearer
 * token for a {@code Bearer} challenge, fetched for exactly the scopes the request needs and cached
 * per registry and scope set until it expires. Without a credential, bearer tokens are fetched
 * anonymously. Thread-safe.
 */
public final class Authenticator {
    private final CredentialProvider credentials;
    private final TokenService tokens;
    private final Clock clock;
    private final ConcurrentMap<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Optional<Credential>> knownCredentials = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, BearerToken> tokenCache = new ConcurrentHashMap<>();

    /**
     * @param clients the HTTP client to reach a token server with (its TLS settings depend on the host)
     * @param bodies how a token server's answer is read: with the idle and overall deadlines of every
     *     other small response
     * @param timeout how long a token server may take to answer (its headers)
     * @param insecure whether a registry ({@code host} or {@code host:port}) is marked insecure: credentials
     *     go to a plain-HTTP token server only on loopback or on a host so marked (the token server's own,
     *     or that of the insecure registry naming it)
     */
    public Authenticator(CredentialProvider credentials, Function<URI, HttpClient> clients,
            HttpResponse.BodyHandler<InputStream> bodies, String userAgent, Duration timeout, Clock clock,
            Predicate<String> insecure) {
        this.credentials = credentials;
        this.tokens = new TokenService(clients, bodies, userAgent, timeout, clock, insecure);
        this.clock = clock;
    }

    /**
     * The header value to send to {@code registry} for a request needing {@code scopes}, or empty
     * when the registry has not challenged yet (or needs nothing).
     */
    public Optional<String> authorization(String registry, Collection<Scope> scopes) {
        AuthChallenge challenge = challenges.get(registry);
        if (challenge == null) {
            return Optional.empty();
        }
        if (challenge.isBasic()) {
            return credential(registry).filter(c -> !c.isIdentityToken()).map(TokenService::basic);
        }
        List<Scope> merged = Scope.merge(scopes);
        String key = registry + " " + merged;
        BearerToken cached = tokenCache.get(key);
        if (cached == null || !cached.isValidAt(clock.instant())) {
            cached = tokens.fetch(registry, challenge, merged, credential(registry));
            tokenCache.put(key, cached);
        }
        return Optional.of("Bearer " + cached.token());
    }

    /**
     * Learns from a {@code 401}: remembers the challenge and forgets the token or credential that
     * was just refused.
     *
     * @param sentAuthorization whether the refused request carried an {@code Authorization} header
     * @return whether sending the request again with a new header can succeed
     */
    public boolean challenged(String registry, List<AuthChallenge> received, Collection<Scope> scopes,
            boolean sentAuthorization) {
        Optional<AuthChallenge> usable = received.stream().filter(c -> c.isBearer() && c.realm().isPresent()).findFirst()
                .or(() -> received.stream().filter(AuthChallenge::isBasic).findFirst());
        if (usable.isEmpty()) {
            return false;
        }
        challenges.put(registry, usable.get());
        if (usable.get().isBasic()) {
            if (sentAuthorization) {
                knownCredentials.remove(registry);
                return false;
            }
            return credential(registry).filter(c -> !c.isIdentityToken()).isPresent();
        }
        // A refused token may have expired early or lacked a scope; one fresh token is worth a try.
        tokenCache.remove(registry + " " + Scope.merge(scopes));
        return true;
    }

    /** Whether a credential is known for {@code registry}; for messages, never the secret. */
    public boolean hasCredential(String registry) {
        return credential(registry).isPresent();
    }

    private Optional<Credential> credential(String registry) {
        return knownCredentials.computeIfAbsent(registry, credentials::credentialFor);
    }
}
