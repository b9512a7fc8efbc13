package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.stowage.testkit.HtpasswdMode;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.TokenAuthMode;
import dev.stowage.testkit.TokenServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every log line (at every level) and every exception text of authentication, successful and
 * failed, against real registries: none holds a password, its base64 form, a token or a refresh
 * token. {@code System.Logger} goes to {@code java.util.logging} here, so a root handler sees it all.
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

    @TempDir
    Path dockerConfig;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<String> thrown = new ArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLoggerName() + " " + formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;

    @BeforeEach
    void captureEveryLogRecord() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    private static RegistryClient client(String registry, Credential credential) {
        return RegistryClient.builder().credentials(CredentialProvider.of(Map.of(registry, credential)))
                .certsDirectories(CertsDirectories.none()).build();
    }

    private void expectFailure(Runnable action) {
        StowageException e = assertThrows(StowageException.class, action::run);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        thrown.add(e.getMessage());
        thrown.add(e.toString());
        thrown.add(trace.toString());
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

        assertNoSecret(List.of(PASSWORD, WRONG_PASSWORD, base64("alice:" + PASSWORD), base64("alice:" + WRONG_PASSWORD)));
    }

    @Test
    void tokenAuthenticationLeaksNoSecret() throws Exception {
        String host = tokenRegistry.host();
        String refreshToken = refreshToken();

        expectFailure(() -> client(host, Credential.basic("alice", WRONG_PASSWORD))
                .listTags(ImageReference.parse(host + "/leak/app")));
        expectFailure(() -> client(host, Credential.identityToken("not-" + refreshToken))
                .listTags(ImageReference.parse(host + "/leak/app")));
        TestImages.pushImage(client(host, TOKENS.credential()), ImageReference.parse(host + "/leak/app"), "1", 2);
        expectFailure(() -> client(host, Credential.identityToken(refreshToken))
                .listTags(ImageReference.parse(host + "/leak/none")));

        // every JWT starts with the base64url of {"
        assertNoSecret(List.of(PASSWORD, WRONG_PASSWORD, base64("alice:" + PASSWORD), base64("alice:" + WRONG_PASSWORD),
                refreshToken, "eyJ"));
    }

    private void assertNoSecret(List<String> secrets) {
        assertTrue(logged.stream().anyMatch(line -> line.startsWith("dev.stowage.")),
                "the capture must see the client's own log records: " + logged);
        assertFalse(thrown.isEmpty());
        for (String secret : secrets) {
            for (String line : logged) {
                assertFalse(line.contains(secret), "a log record holds a secret: " + line);
            }
            for (String text : thrown) {
                assertFalse(text.contains(secret), "an exception holds a secret: " + text);
            }
        }
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
