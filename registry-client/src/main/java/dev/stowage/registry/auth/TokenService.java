package dev.stowage.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.Credential;
import dev.stowage.core.RegistryException;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.reference.RegistryHosts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Asks a token server (the {@code realm} of a {@code Bearer} challenge) for an access token:
 * {@code GET realm?service=…&scope=…} with basic credentials when known, or the OAuth2
 * {@code POST} with {@code grant_type=refresh_token} when the credential is an identity token.
 * Credentials go to a plain-HTTP token server only on a loopback host or a host marked insecure
 * (itself, or as the host of the insecure registry that named it). The realm comes resolved
 * against the URL that answered 401. A token is kept for the lifetime the server gives, within
 * one minute and one day.
 */
final class TokenService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MINIMUM_LIFETIME = Duration.ofSeconds(60);
    /** Past this the token is asked for again anyway; keeps a huge {@code expires_in} from overflowing a date. */
    private static final Duration MAXIMUM_LIFETIME = Duration.ofDays(1);
    private static final int MAX_RESPONSE = 1 << 20;
    private static final System.Logger LOG = System.getLogger(TokenService.class.getName());

    private final Function<URI, HttpClient> clients;
    private final HttpResponse.BodyHandler<InputStream> bodies;
    private final String userAgent;
    private final Duration timeout;
    private final Clock clock;
    private final Predicate<String> insecure;

    /**
     * @param bodies reads the answer, with the deadlines of every small response body
     * @param timeout how long the token server may take to answer (its headers)
     * @param insecure whether a registry ({@code host} or {@code host:port}) is marked insecure
     */
    TokenService(Function<URI, HttpClient> clients, HttpResponse.BodyHandler<InputStream> bodies, String userAgent,
            Duration timeout, Clock clock, Predicate<String> insecure) {
        this.clients = clients;
        this.bodies = bodies;
        this.insecure = insecure;
        this.userAgent = userAgent;
        this.timeout = timeout;
        this.clock = clock;
    }

    BearerToken fetch(String registry, AuthChallenge challenge, List<Scope> scopes, Optional<Credential> credential) {
        String realm = challenge.realm().orElseThrow(() -> new RegistryException(
                "registry " + registry + " asked for a bearer token without naming a token server (no realm)",
                registry, 401, null));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("registry " + registry + " named a token server that is not a URL: " + realm,
                    registry, 401, null);
        }
        if (!"https".equalsIgnoreCase(realmUri.getScheme()) && !"http".equalsIgnoreCase(realmUri.getScheme())
                || realmUri.getHost() == null) {
            throw new RegistryException("registry " + registry + " named a token server that is not http(s): " + realm,
                    registry, 401, null);
        }
        if (credential.isPresent() && "http".equalsIgnoreCase(realmUri.getScheme())
                && !plainHttpAllowed(registry, realmUri)) {
            throw new RegistryException("refusing to send credentials to plain-HTTP token server " + realmUri.getHost()
                    + " named by " + registry + ": credentials go over plain HTTP only to a loopback host or to a"
                    + " registry host marked insecure", registry, 401, null);
        }
        HttpRequest request = credential.filter(Credential::isIdentityToken).isPresent()
                ? oauthRequest(realmUri, challenge, scopes, credential.get())
                : getRequest(realmUri, challenge, scopes, credential);
        LOG.log(System.Logger.Level.DEBUG, "requesting a token from {0} for {1} scopes {2}", realmUri.getHost(),
                registry, scopes);
        HttpResponse<InputStream> response;
        try {
            response = clients.apply(realmUri).send(request, bodies);
        } catch (IOException e) {
            throw new RegistryException("cannot reach the token server of " + registry + " (" + realmUri.getHost()
                    + "): " + e.getMessage(), registry, -1, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while asking the token server of " + registry, registry, -1, null, e);
        }
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_RESPONSE);
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new UnauthorizedException("unauthorized: the token server of " + registry + " rejected "
                        + (credential.isPresent() ? "the credentials" : "an anonymous request"), registry, status, null);
            }
            if (status != 200) {
                throw new RegistryException("the token server of " + registry + " answered HTTP " + status,
                        registry, status, null);
            }
            return parse(registry, bytes);
        } catch (IOException e) {
            throw new RegistryException("cannot read the token server's answer for " + registry + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    registry, -1, null, e);
        }
    }

    /**
     * Whether the realm's own host may receive credentials in the clear. The challenging registry
     * being marked insecure is not enough: it could name any host as its token server.
     */
    private boolean plainHttpAllowed(String registry, URI realm) {
        String host = realm.getHost() == null ? "" : realm.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return false;
        }
        return RegistryHosts.isLoopback(host) || insecure.test(realm.getRawAuthority().toLowerCase(Locale.ROOT))
                || insecure.test(host) || (insecure.test(registry) && host.equals(hostOf(registry)));
    }

    /** The host of {@code host}, {@code host:port} or {@code [v6]:port}, lower case, as URI gives a realm's. */
    private static String hostOf(String registry) {
        try {
            String host = new URI(null, registry, null, null, null).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private BearerToken parse(String registry, byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            node = null;
        }
        String token = node == null ? "" : node.path("token").asText("");
        if (token.isEmpty() && node != null) {
            token = node.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new RegistryException("the token server of " + registry + " answered without a token",
                    registry, 200, null);
        }
        long seconds = node.path("expires_in").asLong(0);
        Duration lifetime = Duration.ofSeconds(Math.max(MINIMUM_LIFETIME.toSeconds(),
                Math.min(seconds, MAXIMUM_LIFETIME.toSeconds())));
        return new BearerToken(token, clock.instant().plus(lifetime));
    }

    private HttpRequest getRequest(URI realm, AuthChallenge challenge, List<Scope> scopes, Optional<Credential> credential) {
        List<String> query = new ArrayList<>();
        challenge.service().ifPresent(s -> query.add("service=" + encode(s)));
        for (Scope scope : scopes) {
            query.add("scope=" + encode(scope.toString()));
        }
        String existing = realm.getRawQuery();
        String joined = String.join("&", query);
        String q = existing == null || existing.isEmpty() ? joined : existing + (joined.isEmpty() ? "" : "&" + joined);
        URI uri = URI.create(realm.getScheme() + "://" + realm.getRawAuthority()
                + (realm.getRawPath() == null ? "" : realm.getRawPath()) + (q.isEmpty() ? "" : "?" + q));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(timeout).header("User-Agent", userAgent);
        credential.ifPresent(c -> b.header("Authorization", basic(c)));
        return b.build();
    }

    private HttpRequest oauthRequest(URI realm, AuthChallenge challenge, List<Scope> scopes, Credential credential) {
        StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=stowage&refresh_token=")
                .append(encode(credential.identityToken().orElseThrow()));
        challenge.service().ifPresent(s -> form.append("&service=").append(encode(s)));
        if (!scopes.isEmpty()) {
            form.append("&scope=").append(encode(String.join(" ", scopes.stream().map(Scope::toString).toList())));
        }
        return HttpRequest.newBuilder(realm).timeout(timeout).header("User-Agent", userAgent)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
    }

    static String basic(Credential c) {
        String pair = c.username() + ":" + c.password().orElse("");
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
