package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.StowageException;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.Credential;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.TestImages;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.CredentialAudit;
import dev.stowage.testkit.HtpasswdMode;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.TokenAuthMode;
import dev.stowage.testkit.TokenServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every log line (at every level), console line, file and exception text of authentication,
 * successful and failed, against real registries: none holds a password, its base64 form, a token
 * or a refresh token ({@link CredentialAudit} looks). {@code System.Logger} goes to
 * {@code java.util.logging} here, so the audit's root handler sees it all.
 */
class SecretLeakIT {
    private static final String PASSWORD = "pa55-Secret-9f2c";
    private static final String WRONG_PASSWORD = "wr0ng-Secret-7d1e";
    private static final HtpasswdMode BASIC = RegistryMode.htpasswd("alice", PASSWORD);
    private static final TokenAuthMode TOKENS = RegistryMode.token("alice", PASSWORD);

    @RegisterExtension
    static RegistryExtension basicRegistry = RegistryExtension.of(RegistryConfig.plain().withMode(BASIC));

    @RegisterExtension
    static RegistryExtension tokenRegistry = RegistryExtension.of(RegistryConfig.plain().withMode(TOKENS));

    /** Also the wrong password, which the registries refuse. */
    @RegisterExtension
    static CredentialAudit audit = CredentialAudit.create().watch(BASIC).watch(TOKENS).watchBasic("alice", WRONG_PASSWORD)
            .credentialStoreNamed("config.json");

    @TempDir
    Path dockerConfig;

    private static RegistryClient client(String registry, Credential credential) {
        return RegistryClient.builder().credentials(CredentialProvider.of(Map.of(registry, credential)))
                .certsDirectories(CertsDirectories.none()).build();
    }

    private void expectFailure(Runnable action) {
        audit.check(assertThrows(StowageException.class, action::run));
    }

    @Test
    void basicAuthenticationLeaksNoSecret() {
        String host = basicRegistry.host();
        DockerCredentials store = DockerCredentials.builder().configDir(dockerConfig).build();
        RegistryClient anonymous = client("elsewhere", Credential.basic("x", "y"));

        expectFailure(() -> anonymous.login(host, Credential.basic("alice", WRONG_PASSWORD), store));
        expectFailure(() -> client(host, Credential.basic("alice", WRONG_PASSWORD))
                .listTags(ImageReference.parse(host + "/leak/app")));
        anonymous.login(host, BASIC.credential(), store);
        TestImages.pushImage(RegistryClient.builder().credentials(store).certsDirectories(CertsDirectories.none())
                .build(), ImageReference.parse(host + "/leak/app"), "1", 1);

        assertCaptureSawTheClient();
    }

    @Test
    void tokenAuthenticationLeaksNoSecret() throws Exception {
        String host = tokenRegistry.host();
        String refreshToken = refreshToken();
        audit.watch("not-" + refreshToken); // the token server's own are watched already

        expectFailure(() -> client(host, Credential.basic("alice", WRONG_PASSWORD))
                .listTags(ImageReference.parse(host + "/leak/app")));
        expectFailure(() -> client(host, Credential.identityToken("not-" + refreshToken))
                .listTags(ImageReference.parse(host + "/leak/app")));
        TestImages.pushImage(client(host, TOKENS.credential()), ImageReference.parse(host + "/leak/app"), "1", 2);
        expectFailure(() -> client(host, Credential.identityToken(refreshToken))
                .listTags(ImageReference.parse(host + "/leak/none")));

        assertCaptureSawTheClient();
    }

    private void assertCaptureSawTheClient() {
        assertTrue(audit.logged().stream().anyMatch(line -> line.startsWith("dev.stowage.")),
                "the capture must see the client's own log records: " + audit.logged());
    }

    private static String base64(String pair) {
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String refreshToken() throws Exception {
        URI uri = URI.create(TOKENS.server().realm() + "?service=" + TokenServer.SERVICE + "&offline_token=true");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Basic " + base64("alice:" + PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Optional.of(new ObjectMapper().readTree(response.body()).path("refresh_token").asText())
                .filter(s -> !s.isEmpty()).orElseThrow();
    }
}
