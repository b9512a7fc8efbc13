package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HtpasswdModeIT {
    private static final HtpasswdMode AUTH = RegistryMode.htpasswd("alice", "correct horse");

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.of(RegistryConfig.plain().withMode(AUTH));

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> ping(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.url().resolve("/v2/"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anonymousRequestsAreChallengedForBasicCredentials() throws Exception {
        HttpResponse<String> response = ping(null);

        assertEquals(401, response.statusCode());
        assertEquals("Basic realm=\"stowage-test-registry\"",
                response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void theUsersPasswordIsAccepted() throws Exception {
        assertEquals(200, ping(basic("alice", "correct horse")).statusCode());
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        assertEquals(401, ping(basic("alice", "wrong")).statusCode());
    }
}
