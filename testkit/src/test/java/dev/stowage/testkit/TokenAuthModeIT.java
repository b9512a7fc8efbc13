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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenAuthModeIT {
    private static final TokenAuthMode TOKENS = RegistryMode.token("alice", "s3cret").denying("locked/app", "pull");

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.of(RegistryConfig.plain().withMode(TOKENS));

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void forgetEarlierRequests() {
        TOKENS.server().clearRequests();
    }

    private JsonNode token(String query, boolean withPassword) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TOKENS.server().realm() + "?" + query));
        if (withPassword) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private int tagsStatus(String repository, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(registry.url().resolve("/v2/" + repository + "/tags/list"))
                .header("Authorization", "Bearer " + token).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String scope(String repository, String actions) {
        return "service=" + TokenServer.SERVICE + "&scope="
                + URLEncoder.encode("repository:" + repository + ":" + actions, StandardCharsets.UTF_8);
    }

    @Test
    void registryChallengesWithTheTokenServersRealmAndService() throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(registry.url().resolve("/v2/app/tags/list"))
                .build(), HttpResponse.BodyHandlers.discarding());

        assertEquals(401, response.statusCode());
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer realm=\"" + TOKENS.server().realm() + "\""), challenge);
        assertTrue(challenge.contains("service=\"" + TokenServer.SERVICE + "\""), challenge);
        assertTrue(challenge.contains("scope=\"repository:app:pull\""), challenge);
    }

    @Test
    void registryAcceptsTheUsersSignedToken() throws Exception {
        String token = token(scope("app", "pull"), true).path("token").asText();

        assertEquals(404, tagsStatus("app", token), "authorized, and the repository does not exist yet");
    }

    @Test
    void anonymousTokensGrantNothing() throws Exception {
        String token = token(scope("app", "pull"), false).path("token").asText();

        assertEquals(401, tagsStatus("app", token));
    }

    @Test
    void deniedActionsAreLeftOutOfTheToken() throws Exception {
        String token = token(scope("locked/app", "pull"), true).path("token").asText();

        assertEquals(401, tagsStatus("locked/app", token));
    }

    @Test
    void recordsEachRequestWithItsScopesAndAccount() throws Exception {
        token(scope("app", "pull,push") + "&scope=" + URLEncoder.encode("repository:base:pull", StandardCharsets.UTF_8),
                true);

        assertEquals(List.of(new TokenRequest("GET", Optional.empty(), Optional.of("alice"),
                List.of("repository:app:pull,push", "repository:base:pull"), 200)), TOKENS.server().requests());
    }

    @Test
    void offlineTokenRequestGetsARefreshTokenThatThePostGrantAccepts() throws Exception {
        String refresh = token(scope("app", "pull") + "&offline_token=true&client_id=test", true)
                .path("refresh_token").asText();

        String form = "grant_type=refresh_token&client_id=test&service=" + TokenServer.SERVICE + "&refresh_token="
                + refresh + "&scope=" + URLEncoder.encode("repository:app:pull", StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(TOKENS.server().realm())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(404, tagsStatus("app", JSON.readTree(response.body()).path("access_token").asText()));
    }

    @Test
    void unknownRefreshTokenIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(TOKENS.server().realm())
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=nope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
    }
}
