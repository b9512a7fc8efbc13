package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RegistryMode#htpasswd}, on Distribution and on the in-process registry. */
class HtpasswdModeIT {
    private static final HtpasswdMode AUTH = RegistryMode.htpasswd("alice", "correct horse");

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.of(RegistryConfig.plain().withMode(AUTH));
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(AUTH));

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> ping(RegistryExtension registry, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.url().resolve("/v2/"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void anonymousRequestsAreChallengedForBasicCredentials(RegistryExtension registry) throws Exception {
        HttpResponse<String> response = ping(registry, null);

        assertEquals(401, response.statusCode());
        assertEquals("Basic realm=\"stowage-test-registry\"",
                response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void theUsersPasswordIsAccepted(RegistryExtension registry) throws Exception {
        assertEquals(200, ping(registry, basic("alice", "correct horse")).statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void aWrongPasswordIsRefused(RegistryExtension registry) throws Exception {
        assertEquals(401, ping(registry, basic("alice", "wrong")).statusCode());
    }
}
