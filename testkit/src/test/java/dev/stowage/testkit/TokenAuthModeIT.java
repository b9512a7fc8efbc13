package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RegistryMode#token}, on Distribution and on the in-process registry; each runs its own
 * token server, so each has its own mode instance.
 */
class TokenAuthModeIT {
    private static final TokenAuthMode DISTRIBUTION_TOKENS = tokens();
    private static final TokenAuthMode IN_PROCESS_TOKENS = tokens();

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.of(RegistryConfig.plain().withMode(DISTRIBUTION_TOKENS));
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(IN_PROCESS_TOKENS));

    private static TokenAuthMode tokens() {
        return RegistryMode.token("alice", "s3cret").denying("locked/app", "pull");
    }

    static Stream<Arguments> registries() {
        return Stream.of(Arguments.of(Named.of("Distribution", distribution), DISTRIBUTION_TOKENS),
                Arguments.of(Named.of("in-process", inProcess), IN_PROCESS_TOKENS));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void forgetEarlierRequests() {
        DISTRIBUTION_TOKENS.server().clearRequests();
        IN_PROCESS_TOKENS.server().clearRequests();
    }

    private JsonNode token(TokenAuthMode tokens, String query, boolean withPassword) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokens.server().realm() + "?" + query));
        if (withPassword) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private int tagsStatus(RegistryExtension registry, String repository, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(registry.url().resolve("/v2/" + repository + "/tags/list"))
                .header("Authorization", "Bearer " + token).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String scope(String repository, String actions) {
        return "service=" + TokenServer.SERVICE + "&scope="
                + URLEncoder.encode("repository:" + repository + ":" + actions, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void registryChallengesWithTheTokenServersRealmAndService(RegistryExtension registry, TokenAuthMode tokens)
            throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(registry.url().resolve("/v2/app/tags/list"))
                .build(), HttpResponse.BodyHandlers.discarding());

        assertEquals(401, response.statusCode());
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer realm=\"" + tokens.server().realm() + "\""), challenge);
        assertTrue(challenge.contains("service=\"" + TokenServer.SERVICE + "\""), challenge);
        assertTrue(challenge.contains("scope=\"repository:app:pull\""), challenge);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void registryAcceptsTheUsersSignedToken(RegistryExtension registry, TokenAuthMode tokens) throws Exception {
        String token = token(tokens, scope("app", "pull"), true).path("token").asText();

        assertEquals(404, tagsStatus(registry, "app", token), "authorized, and the repository does not exist yet");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void anonymousTokensGrantNothing(RegistryExtension registry, TokenAuthMode tokens) throws Exception {
        String token = token(tokens, scope("app", "pull"), false).path("token").asText();

        assertEquals(401, tagsStatus(registry, "app", token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void deniedActionsAreLeftOutOfTheToken(RegistryExtension registry, TokenAuthMode tokens) throws Exception {
        String token = token(tokens, scope("locked/app", "pull"), true).path("token").asText();

        assertEquals(401, tagsStatus(registry, "locked/app", token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void tokensOfAnotherTokenServerAreRefused(RegistryExtension registry, TokenAuthMode tokens) throws Exception {
        TokenAuthMode other = tokens == DISTRIBUTION_TOKENS ? IN_PROCESS_TOKENS : DISTRIBUTION_TOKENS;
        String foreign = token(other, scope("app", "pull"), true).path("token").asText();

        assertEquals(401, tagsStatus(registry, "app", foreign));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void recordsEachRequestWithItsScopesAndAccount(RegistryExtension registry, TokenAuthMode tokens) throws Exception {
        token(tokens, scope("app", "pull,push") + "&scope="
                + URLEncoder.encode("repository:base:pull", StandardCharsets.UTF_8), true);

        assertEquals(List.of(new TokenRequest("GET", Optional.empty(), Optional.of("alice"),
                List.of("repository:app:pull,push", "repository:base:pull"), 200)), tokens.server().requests());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void offlineTokenRequestGetsARefreshTokenThatThePostGrantAccepts(RegistryExtension registry, TokenAuthMode tokens)
            throws Exception {
        String refresh = token(tokens, scope("app", "pull") + "&offline_token=true&client_id=test", true)
                .path("refresh_token").asText();

        String form = "grant_type=refresh_token&client_id=test&service=" + TokenServer.SERVICE + "&refresh_token="
                + refresh + "&scope=" + URLEncoder.encode("repository:app:pull", StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokens.server().realm())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(404, tagsStatus(registry, "app", JSON.readTree(response.body()).path("access_token").asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void unknownRefreshTokenIsRefused(RegistryExtension registry, TokenAuthMode tokens) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokens.server().realm())
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=nope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
    }
}
