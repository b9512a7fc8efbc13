package dev.stowage.registry;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.RegistryException;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.RawHttpServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replies that used to crash the client or hide the real failure behind another one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileRepliesTest {
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

    private RegistryClient client() {
        RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).retryPolicy(RetryPolicy.none()).build();
        clients.add(client);
        return client;
    }

    @Test
    void tokenThatNeverExpiresIsKeptForABoundedTime() {
        byte[] manifest = TestManifests.anyManifest();
        RawHttpServer tokens = serve(x -> x.respond(200, Map.of("Content-Type", "application/json"),
                ("{\"token\":\"t\",\"expires_in\":" + Long.MAX_VALUE + "}").getBytes(US_ASCII)));
        RawHttpServer registry = serve(x -> {
            if (x.request().header("Authorization").equals(Optional.of("Bearer t"))) {
                x.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), manifest);
            } else {
                x.respond(401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + tokens.host()
                        + "/token\",service=\"test\""), new byte[0]);
            }
        });

        byte[] pulled = client().fetchManifest(ImageReference.parse(registry.host() + "/app:1")).raw();

        assertArrayEquals(manifest, pulled);
    }

    @Test
    void controlCharacterInAHeaderIsReportedAsThePlainHttpFailureNotTheTlsProbe() {
        byte[] manifest = TestManifests.anyManifest();
        RawHttpServer registry = serve(x -> {
            x.output().write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1\u001b[2J+json\r\n"
                    + "Content-Length: " + manifest.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            x.output().write(manifest);
            x.closeConnection();
        });

        RegistryException e = assertThrows(RegistryException.class,
                () -> client().fetchManifest(ImageReference.parse(registry.host() + "/app:1")));

        assertFalse(e.getMessage().contains("SSL"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed HTTP response"), e.getMessage());
    }

    @Test
    void relativeTokenRealmIsResolvedAgainstTheRegistryThatAsked() {
        byte[] manifest = TestManifests.anyManifest();
        RawHttpServer registry = serve(x -> {
            if (x.request().target().startsWith("/auth/token?")) {
                x.respond(200, Map.of("Content-Type", "application/json"), "{\"token\":\"t\"}".getBytes(US_ASCII));
            } else if (x.request().header("Authorization").equals(Optional.of("Bearer t"))) {
                x.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), manifest);
            } else {
                x.respond(401, Map.of("WWW-Authenticate", "Bearer realm=\"/auth/token\",service=\"test\""),
                        new byte[0]);
            }
        });

        byte[] pulled = client().fetchManifest(ImageReference.parse(registry.host() + "/app:1")).raw();

        assertArrayEquals(manifest, pulled);
    }

    @Test
    void uploadLocationIsResolvedAgainstTheRequestThatGaveIt() {
        byte[] blob = TestImages.random(1000, 3);
        RawHttpServer registry = serve(x -> {
            String target = x.request().target();
            if (x.request().method().equals("POST")) {
                x.respond(202, Map.of("Location", "session-1?_state=s"), new byte[0]);
            } else if (x.request().method().equals("PUT") && target.startsWith("/v2/app/blobs/uploads/session-1?")) {
                x.readBody();
                x.respond(201, Map.of(), new byte[0]);
            } else {
                x.respond(404, Map.of(), new byte[0]);
            }
        });

        TestImages.pushBlob(client(), ImageReference.parse(registry.host() + "/app"), blob, Optional.empty());

        assertTrue(registry.requests().stream().anyMatch(r -> r.method().equals("PUT")
                && r.target().startsWith("/v2/app/blobs/uploads/session-1?_state=s&digest=")), "" + registry.requests());
    }
}
