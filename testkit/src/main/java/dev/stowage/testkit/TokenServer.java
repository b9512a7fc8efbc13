package dev.stowage.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small token server for Distribution's token authentication, on a free 127.0.0.1 port
 * ({@code /token}): docker's {@code GET ?service=…&scope=…} with optional basic credentials, and
 * the OAuth2 {@code POST} with {@code grant_type=refresh_token} or {@code password}. It signs
 * ES256 JWTs whose {@code access} claim grants each requested scope minus what its policy denies,
 * hands out refresh tokens when asked ({@code offline_token=true}, {@code access_type=offline}),
 * and records every request so tests can assert how a client asked.
 *
 * <p>{@link TokenAuthMode} runs one beside the registry; tests reach it through
 * {@link TokenAuthMode#server()}.
 */
public final class TokenServer implements AutoCloseable {
    /** The {@code service} the registry names in its challenges, and the tokens' audience. */
    public static final String SERVICE = "stowage-test-registry";
    /** The tokens' {@code iss}. */
    public static final String ISSUER = "stowage-testkit-token-server";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REPOSITORY_ACTIONS = Set.of("pull", "push", "delete", "*");

    private final TokenAuthMode policy;
    private final JwtSigner signer = new JwtSigner();
    private final HttpServer http;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    private TokenServer(TokenAuthMode policy) throws IOException {
        this.policy = policy;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/token", this::handle);
        http.start();
    }

    static TokenServer start(TokenAuthMode policy) throws IOException {
        return new TokenServer(policy);
    }

    /** The URL the registry names as {@code realm} in its {@code Bearer} challenges. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/token");
    }

    /** Every request answered so far, oldest first. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the recorded requests (not the refresh tokens handed out). */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * Every access and refresh token handed out so far: secrets a test can look for where they
     * must never arrive (see {@link CredentialAudit}).
     */
    public Set<String> issuedTokens() {
        Set<String> all = new HashSet<>(accessTokens);
        all.addAll(refreshTokens.keySet());
        return Set.copyOf(all);
    }

    String signerCertificatePem() {
        return signer.certificatePem();
    }

    /** The claims of a token this server signed; empty for anything else. */
    Optional<com.fasterxml.jackson.databind.JsonNode> verify(String token) {
        return signer.verify(token);
    }

    @Override
    public void close() {
        http.stop(0);
    }

    @Override
    public String toString() {
        return "TokenServer[" + realm() + "]";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (method.equals("GET")) {
                answerGet(exchange);
            } else if (method.equals("POST")) {
                answerPost(exchange);
            } else {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                send(exchange, 405, error("unsupported", method + " is not supported"));
            }
        } catch (RuntimeException e) {
            // HttpServer would only drop the connection; a 500 naming the fault shows in the client's error
            send(exchange, 500, error("INTERNAL", "token server fault: " + e));
        }
    }

    private void answerGet(HttpExchange exchange) throws IOException {
        Map<String, List<String>> query = form(exchange.getRequestURI().getRawQuery());
        List<String> scopes = scopes(query.getOrDefault("scope", List.of()));
        Optional<String> header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
        Optional<String> account = Optional.empty();
        if (header.isPresent()) {
            account = basicAccount(header.get());
            if (account.isEmpty()) {
                refuse(exchange, "GET", Optional.empty(), scopes);
                return;
            }
        }
        ObjectNode body = issue(account, scopes);
        body.put("token", body.get("access_token").asText());
        if (account.isPresent() && "true".equals(first(query, "offline_token"))) {
            body.put("refresh_token", newRefreshToken(account.get()));
        }
        record("GET", Optional.empty(), account, scopes, 200);
        send(exchange, 200, body);
    }

    private void answerPost(HttpExchange exchange) throws IOException {
        String text;
        try (InputStream in = exchange.getRequestBody()) {
            text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> form = form(text);
        List<String> scopes = scopes(form.getOrDefault("scope", List.of()));
        Optional<String> grant = Optional.ofNullable(first(form, "grant_type"));
        Optional<String> account = Optional.empty();
        if (grant.equals(Optional.of("refresh_token"))) {
            account = Optional.ofNullable(refreshTokens.get(Optional.ofNullable(first(form, "refresh_token")).orElse("")));
        } else if (grant.equals(Optional.of("password"))) {
            account = Optional.ofNullable(first(form, "username"))
                    .filter(user -> policy.accepts(user, Optional.ofNullable(first(form, "password")).orElse("")));
        } else {
            record("POST", grant, Optional.empty(), scopes, 400);
            send(exchange, 400, error("unsupported_grant_type", "grant_type must be refresh_token or password"));
            return;
        }
        if (account.isEmpty()) {
            refuse(exchange, "POST", grant, scopes);
            return;
        }
        ObjectNode body = issue(account, scopes);
        body.put("scope", String.join(" ", scopes));
        if ("offline".equals(first(form, "access_type"))) {
            body.put("refresh_token", newRefreshToken(account.get()));
        }
        record("POST", grant, account, scopes, 200);
        send(exchange, 200, body);
    }

    private void refuse(HttpExchange exchange, String method, Optional<String> grant, List<String> scopes)
            throws IOException {
        record(method, grant, Optional.empty(), scopes, 401);
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + SERVICE + " token server\"");
        send(exchange, 401, error("UNAUTHORIZED", "invalid credentials"));
    }

    /** The token response for {@code account} (empty: anonymous, granted nothing). */
    private ObjectNode issue(Optional<String> account, List<String> scopes) {
        Instant now = Instant.now();
        Duration lifetime = policy.tokenLifetime();
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", account.orElse(""))
                .put("aud", SERVICE)
                .put("exp", now.plus(lifetime).getEpochSecond())
                .put("nbf", now.getEpochSecond())
                .put("iat", now.getEpochSecond())
                .put("jti", randomId());
        ArrayNode access = claims.putArray("access");
        if (account.isPresent()) {
            for (Map.Entry<String, Set<String>> grant : grants(scopes).entrySet()) {
                int colon = grant.getKey().indexOf(':');
                ObjectNode entry = access.addObject()
                        .put("type", grant.getKey().substring(0, colon))
                        .put("name", grant.getKey().substring(colon + 1));
                grant.getValue().forEach(entry.putArray("actions")::add);
            }
        }
        String token = signer.sign(claims);
        accessTokens.add(token);
        return JSON.createObjectNode()
                .put("access_token", token)
                .put("expires_in", lifetime.toSeconds())
                .put("issued_at", now.toString());
    }

    /** Per {@code type:name}, the requested actions the policy allows; resources left with none are omitted. */
    private Map<String, Set<String>> grants(List<String> scopes) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last == first) {
                continue;
            }
            String type = scope.substring(0, first);
            String name = scope.substring(first + 1, last);
            for (String action : scope.substring(last + 1).split(",")) {
                boolean allowed = type.equals("registry") ? name.equals("catalog") && action.equals("*") && !policy.deniesCatalog()
                        : type.equals("repository") && REPOSITORY_ACTIONS.contains(action) && !policy.denies(name, action);
                if (allowed) {
                    out.computeIfAbsent(type + ":" + name, k -> new LinkedHashSet<>()).add(action);
                }
            }
        }
        return out;
    }

    private Optional<String> basicAccount(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = pair.substring(0, colon);
        return policy.accepts(user, pair.substring(colon + 1)) ? Optional.of(user) : Optional.empty();
    }

    private String newRefreshToken(String account) {
        String token = randomId();
        refreshTokens.put(token, account);
        return token;
    }

    private String randomId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void record(String method, Optional<String> grant, Optional<String> account, List<String> scopes,
            int status) {
        requests.add(new TokenRequest(method, grant, account, scopes, status));
    }

    /** Scopes from every {@code scope} parameter; one parameter may hold several, space-separated. */
    private static List<String> scopes(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String scope : value.split(" ")) {
                if (!scope.isEmpty()) {
                    out.add(scope);
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> form(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String first(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("code", code).put("message", message);
        return body;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
