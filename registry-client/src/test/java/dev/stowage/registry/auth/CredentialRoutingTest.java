package dev.stowage.registry.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.Credential;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RetryPolicy;
import dev.stowage.registry.TestImages;
import dev.stowage.registry.TestManifests;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.CredentialAudit;
import dev.stowage.testkit.RawHttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Authorization} goes only to the origin that asked for it, and only once it asked: not
 * ahead of a challenge, not to a host the registry points at (an upload session elsewhere, a
 * token realm of another registry), and one registry's credentials never to another.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CredentialRoutingTest {
    private static final String PASSWORD = "routing-Secret-5e1";
    private static final String OTHER_PASSWORD = "other-Secret-88a";

    @RegisterExtension
    static CredentialAudit audit = CredentialAudit.create().watchBasic("alice", PASSWORD)
            .watchBasic("bob", OTHER_PASSWORD);

    private final List<RawHttpServer> servers = new ArrayList<>();
    private final List<RegistryClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RegistryClient::close);
        servers.forEach(RawHttpServer::close);
    }

    private RawHttpServer serve(RawHttpServer.Handler handler) {
        RawHttpServer server = RawHttpServer.start(handler);
        servers.add(server);
        return server;
    }

    private RegistryClient client(Map<String, Credential> credentials) {
        RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.of(credentials))
                .certsDirectories(CertsDirectories.none()).retryPolicy(RetryPolicy.none()).build();
        clients.add(client);
        return client;
    }

    private static boolean anyAuthorization(RawHttpServer server) {
        return server.requests().stream().anyMatch(r -> r.header("Authorization").isPresent());
    }

    /** Answers 401 with a basic challenge until the request carries {@code user:password}. */
    private static boolean challenged(RawHttpServer.Exchange x, String user, String password) throws java.io.IOException {
        String expected = TokenService.basic(Credential.basic(user, password));
        if (x.request().header("Authorization").equals(Optional.of(expected))) {
            return false;
        }
        x.respond(401, Map.of("WWW-Authenticate", "Basic realm=\"test\""), new byte[0]);
        return true;
    }

    @Test
    void registryThatNeverChallengesNeverSeesTheCredentials() {
        byte[] manifest = TestManifests.anyManifest();
        RawHttpServer open = serve(x -> x.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), manifest));
        RegistryClient client = client(Map.of(open.host(), Credential.basic("alice", PASSWORD)));

        assertArrayEquals(manifest, client.fetchManifest(ImageReference.parse(open.host() + "/app:1")).raw());

        assertFalse(open.requests().isEmpty());
        assertFalse(anyAuthorization(open), "" + open.requests());
    }

    @Test
    void uploadSessionOnAnotherHostGetsNoCredentials() {
        byte[] blob = TestImages.random(1000, 9);
        RawHttpServer elsewhere = serve(x -> {
            x.readBody();
            x.respond(201, Map.of(), new byte[0]);
        });
        RawHttpServer registry = serve(x -> {
            if (challenged(x, "alice", PASSWORD)) {
                return;
            }
            if (x.request().method().equals("POST")) {
                x.respond(202, Map.of("Location", "http://" + elsewhere.host() + "/upload/1?_state=s"), new byte[0]);
            } else {
                x.respond(404, Map.of(), new byte[0]);
            }
        });
        RegistryClient client = client(Map.of(registry.host(), Credential.basic("alice", PASSWORD)));

        try {
            TestImages.pushBlob(client, ImageReference.parse(registry.host() + "/app"), blob, Optional.empty());
        } catch (StowageException e) {
            audit.check(e); // a session elsewhere may be refused; what matters is what it was sent
        }

        assertTrue(elsewhere.requests().stream().anyMatch(r -> r.method().equals("PUT")), "" + elsewhere.requests());
        assertFalse(anyAuthorization(elsewhere), "" + elsewhere.requests());
    }

    @Test
    void oneRegistrysCredentialsNeverGoToAnother() {
        byte[] manifest = TestManifests.anyManifest();
        RawHttpServer first = serve(x -> {
            if (!challenged(x, "alice", PASSWORD)) {
                x.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), manifest);
            }
        });
        RawHttpServer second = serve(x -> {
            if (!challenged(x, "bob", OTHER_PASSWORD)) {
                x.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), manifest);
            }
        });
        RegistryClient client = client(Map.of(first.host(), Credential.basic("alice", PASSWORD),
                second.host(), Credential.basic("bob", OTHER_PASSWORD)));

        client.fetchManifest(ImageReference.parse(first.host() + "/app:1"));
        client.fetchManifest(ImageReference.parse(second.host() + "/app:1"));
        client.fetchManifest(ImageReference.parse(first.host() + "/app:1"));

        String alice = TokenService.basic(Credential.basic("alice", PASSWORD));
        String bob = TokenService.basic(Credential.basic("bob", OTHER_PASSWORD));
        assertTrue(second.requests().stream().noneMatch(r -> r.header("Authorization").equals(Optional.of(alice))));
        assertTrue(first.requests().stream().noneMatch(r -> r.header("Authorization").equals(Optional.of(bob))));
    }

    @Test
    void tokenRealmOnAnotherRegistryGetsOnlyTheChallengersCredentialsAndNotItsOwn() {
        byte[] manifest = TestManifests.anyManifest();
        RawHttpServer tokens = serve(x -> x.respond(200, Map.of("Content-Type", "application/json"),
                "{\"token\":\"routing-token-1234\"}".getBytes(US_ASCII)));
        RawHttpServer registry = serve(x -> {
            if (x.request().header("Authorization").equals(Optional.of("Bearer routing-token-1234"))) {
                x.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), manifest);
            } else {
                x.respond(401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + tokens.host()
                        + "/token\",service=\"test\""), new byte[0]);
            }
        });
        // the realm's host is a registry too, with credentials of its own
        RegistryClient client = client(Map.of(registry.host(), Credential.basic("alice", PASSWORD),
                tokens.host(), Credential.basic("bob", OTHER_PASSWORD)));
        audit.watch("routing-token-1234");

        client.fetchManifest(ImageReference.parse(registry.host() + "/app:1"));

        assertEquals(List.of(Optional.of(TokenService.basic(Credential.basic("alice", PASSWORD)))),
                tokens.requests().stream().map(r -> r.header("Authorization")).toList());
        assertTrue(registry.requests().stream().allMatch(r -> r.header("Authorization").isEmpty()
                || r.header("Authorization").equals(Optional.of("Bearer routing-token-1234"))), "" + registry.requests());
    }
}
